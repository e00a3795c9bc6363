using System.Net;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.State;
using ChartFunction = CryptoSignalTracker.Functions.ChartRenderer.Function;

namespace CryptoSignalTracker.Functions.Tests;

public sealed class ChartRendererFunctionTests
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly Lazy<List<Candle>> Btc = new(() =>
        [.. CandleCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv"))]);

    [Fact]
    public async Task HandleAsync_WindowWithCandles_ReturnsAPng()
    {
        await using var rig = await StartAsync();

        using var response = await rig.Client.GetAsync("/?symbol=btcusdt&minutes=120&to=2025-06-01T18:00:00Z");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(PngMagic, png[..8]);
        Assert.True(png.Length > 10_000, $"a 120-candle chart should not be {png.Length} bytes");
    }

    [Fact]
    public async Task HandleAsync_StoredSignal_DrawsItInItsWindow()
    {
        var windowUrl = $"/?symbol=BTCUSDT&minutes=120&to={Sample.CandleMs - (30 * 60_000) + (119 * 60_000)}";
        await using var rig = await StartAsync();
        await using var bare = await FunctionRig.StartAsync(typeof(ChartFunction), path => SeedAsync(path, withSignal: false));

        using var bySignal = await rig.Client.GetAsync($"/?symbol=BTCUSDT&minutes=120&signal={Uri.EscapeDataString(Sample.BtcLong().Id)}");
        using var byWindow = await rig.Client.GetAsync(windowUrl);
        using var withoutSignal = await bare.Client.GetAsync(windowUrl);

        Assert.Equal(HttpStatusCode.OK, bySignal.StatusCode);
        var png = await bySignal.Content.ReadAsByteArrayAsync();
        Assert.Equal(PngMagic, png[..8]);
        Assert.Equal(await byWindow.Content.ReadAsByteArrayAsync(), png); // 30 min lead-in, the signal drawn in both
        Assert.NotEqual(await withoutSignal.Content.ReadAsByteArrayAsync(), png);
    }

    [Theory]
    [InlineData("/", "'symbol' is required")]
    [InlineData("/?symbol=BTC-USDT", "'symbol' is 'BTC-USDT'")]
    [InlineData("/?symbol=BTCUSDT&minutes=abc", "'minutes' is 'abc'")]
    [InlineData("/?symbol=BTCUSDT&minutes=14", "from 15 to 1440")]
    [InlineData("/?symbol=BTCUSDT&minutes=1441", "from 15 to 1440")]
    [InlineData("/?symbol=BTCUSDT&to=tomorrow", "'to' is 'tomorrow'")]
    [InlineData("/?symbol=BTCUSDT&to=9223372036854775807", "'to' 9223372036854775807 ms is not a time between")]
    [InlineData("/?symbol=BTCUSDT&to=0001-01-01T00:00:00Z", "'to' -62135596800000 ms is not a time between")]
    [InlineData("/?symbol=BTCUSDT&signal=a%2Fb", "'signal' 'a/b' has the character U+002F")]
    public async Task HandleAsync_BadQuery_Answers400WithTheReason(string url, string reason)
    {
        await using var rig = await StartAsync();

        using var response = await rig.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/?symbol=DOGEUSDT&to=2025-06-01T18:00:00Z", "no DOGEUSDT candles")]
    [InlineData("/?symbol=BTCUSDT&to=2024-01-01T00:00:00Z", "no BTCUSDT candles")]
    [InlineData("/?symbol=BTCUSDT", "no BTCUSDT candles")]
    [InlineData("/?symbol=BTCUSDT&signal=BTCUSDT-1-nope", "signal 'BTCUSDT-1-nope' is not known")]
    public async Task HandleAsync_NoData_Answers404(string url, string reason)
    {
        await using var rig = await StartAsync();

        using var response = await rig.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_Post_Answers405()
    {
        await using var rig = await StartAsync();

        using var response = await rig.Client.PostAsync("/?symbol=BTCUSDT", null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static Task<FunctionRig> StartAsync() => FunctionRig.StartAsync(typeof(ChartFunction), path => SeedAsync(path, withSignal: true));

    private static async Task SeedAsync(string sqlitePath, bool withSignal)
    {
        var database = new SqliteDatabase(sqlitePath);
        var from = Sample.CandleMs - (1_000 * 60_000);
        var to = Sample.CandleMs + (1_000 * 60_000);
        await new SqliteCandleStore(database).WriteAsync("BTCUSDT", [.. Btc.Value.Where(c => c.OpenTimeMs >= from && c.OpenTimeMs <= to)]);
        if (!withSignal)
        {
            return;
        }

        var state = new BotState(new SqliteStateStore(database));
        var signal = Sample.BtcLong();
        await state.SaveSignalAsync(SignalKeys.Of(signal.Id), new StoredSignal(signal, null, "<b>alert</b>"), CancellationToken.None);
        await state.SaveExitAsync(SignalKeys.Of(signal.Id), Sample.Exit(), CancellationToken.None);
    }
}

using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Dashboard.Tests.Cloud;

/// <summary>
/// What the cloud tests put in the stores, through the store classes the functions write with: the repository's real
/// 1-minute candles (data/sample, the last <see cref="Minutes"/> of each file) moved in time so the newest one closed a
/// minute ago (the cloud dashboard reads the wall clock), an open BTCUSDT position, a closed SOLUSDT trade, and a
/// BTCUSDT macro bias.
/// </summary>
internal static class CloudData
{
    public const int Minutes = 180;
    private const long MinuteMs = 60_000;

    public static async Task<Filled> FillAsync(CloudStores stores, DateTimeOffset now)
    {
        var lastOpen = (now.ToUnixTimeMilliseconds() / MinuteMs * MinuteMs) - (2 * MinuteMs);
        var candles = new Dictionary<string, IReadOnlyList<Candle>>(StringComparer.Ordinal);
        foreach (var symbol in CloudDashboard.Symbols)
        {
            var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "sample"), $"bybit_linear_{symbol}_1m_*.csv").Single();
            var real = CandleCsvReader.ReadFile(file).TakeLast(Minutes).ToList();
            var shift = lastOpen - real[^1].OpenTimeMs;
            candles[symbol] = [.. real.Select(c => c with { OpenTimeMs = c.OpenTimeMs + shift })];
            await stores.Candles.WriteAsync(symbol, candles[symbol]);
        }

        var btc = candles["BTCUSDT"];
        var entryCandle = btc[^30];
        var open = new Position(
            $"BTCUSDT-{entryCandle.OpenTimeMs / 1000}-v5.2-champion", "BTCUSDT", Direction.Long, SignalKind.Micro, entryCandle.OpenTimeMs + MinuteMs,
            entryCandle.Close, entryCandle.Close * 0.99, entryCandle.Close * 1.02, 1000 / entryCandle.Close, 10, 0.55);
        Assert.Equal(PositionOpenOutcome.Opened, await stores.Book.TryOpenAsync(open));

        var sol = candles["SOLUSDT"];
        var (entry, exit) = (sol[^120], sol[^90]);
        var quantity = 1000 / entry.Close;
        var stop = entry.Close * 0.99;
        var closedPosition = new Position(
            $"SOLUSDT-{entry.OpenTimeMs / 1000}-v5.2-champion", "SOLUSDT", Direction.Long, SignalKind.Micro, entry.OpenTimeMs + MinuteMs,
            entry.Close, stop, entry.Close * 1.02, quantity, 10, 0.55);
        Assert.Equal(PositionOpenOutcome.Opened, await stores.Book.TryOpenAsync(closedPosition));
        var fees = 0.00055 * quantity * (entry.Close + exit.Close);
        var trade = new ClosedTrade(
            closedPosition.SignalId, "SOLUSDT", Direction.Long, SignalKind.Micro, closedPosition.EntryTimeMs, entry.Close, exit.OpenTimeMs + MinuteMs,
            exit.Close, ExitReason.StopLoss, quantity, fees, ((exit.Close - entry.Close) * quantity) - fees, (entry.Close - stop) * quantity);
        Assert.True(await stores.Book.TryCloseAsync(trade));

        var bias = new MacroBias("BTCUSDT", Direction.Long, 0.7, now.ToUnixTimeMilliseconds() - (10 * MinuteMs), now.ToUnixTimeMilliseconds() + (240 * MinuteMs), "test bias");
        await stores.Biases.PutAsync(bias);
        return new Filled(candles, open, trade, bias);
    }

    public sealed record Filled(IReadOnlyDictionary<string, IReadOnlyList<Candle>> Candles, Position Open, ClosedTrade Closed, MacroBias Bias);
}

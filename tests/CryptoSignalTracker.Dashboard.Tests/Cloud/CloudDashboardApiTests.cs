using System.Net;
using System.Text.Json;

namespace CryptoSignalTracker.Dashboard.Tests.Cloud;

/// <summary>
/// The cloud Dashboard service over the emulators: after the stores were written through the functions' own store
/// classes (candles in Bigtable or in Firestore, positions, a closed trade, a bias), its APIs answer exactly that.
/// </summary>
public sealed class CloudDashboardApiTests
{
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData("firestore")]
    [InlineData("bigtable")]
    public async Task StatusPositionsAndSignals_AreWhatTheStoresHold(string candleStore)
    {
        await using var cloud = await CloudDashboard.StartAsync(candleStore);
        var filled = await CloudData.FillAsync(cloud.Stores, DateTimeOffset.UtcNow);
        using var http = await cloud.SignedInAsync(4242);

        var open = await cloud.Stores.Book.ListOpenAsync();
        var closed = await cloud.Stores.Book.ListClosedAsync(0, long.MaxValue);
        Assert.Single(open);
        Assert.Single(closed);

        var status = await JsonAsync(http, cloud, "/api/status");
        Assert.Equal("live", status.GetProperty("mode").GetString());
        Assert.Equal(open.Count, status.GetProperty("openPositions").GetInt32());
        Assert.Equal(closed.Count, status.GetProperty("closedTrades").GetInt32());
        Assert.Equal(open.Count + closed.Count, status.GetProperty("signals").GetInt32());
        Assert.Equal(10_000 + closed.Sum(t => t.Pnl), status.GetProperty("equity").GetDouble(), Tolerance);
        foreach (var symbol in CloudDashboard.Symbols)
        {
            var last = filled.Candles[symbol][^1];
            var row = status.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == symbol);
            Assert.Equal(last.OpenTimeMs, row.GetProperty("lastOpen").GetInt64());
            Assert.Equal(last.Close, row.GetProperty("close").GetDouble());
            Assert.Equal(last.Trades, row.GetProperty("trades").GetInt32());
        }

        var btcBias = status.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "BTCUSDT").GetProperty("bias");
        Assert.Equal("long", btcBias.GetProperty("side").GetString(), ignoreCase: true);
        Assert.Equal(filled.Bias.Confidence, btcBias.GetProperty("confidence").GetDouble());
        Assert.Equal(filled.Bias.ExpiresAtMs, btcBias.GetProperty("expiresAt").GetInt64());
        Assert.True(btcBias.GetProperty("valid").GetBoolean());

        var position = Assert.Single((await JsonAsync(http, cloud, "/api/positions")).EnumerateArray());
        var stored = open[0];
        var btcClose = filled.Candles["BTCUSDT"][^1].Close;
        Assert.Equal(stored.SignalId, position.GetProperty("signalId").GetString());
        Assert.Equal(stored.EntryPrice, position.GetProperty("entry").GetDouble());
        Assert.Equal(stored.StopLoss, position.GetProperty("stop").GetDouble());
        Assert.Equal(stored.TakeProfit, position.GetProperty("target").GetDouble());
        Assert.Equal(stored.Quantity, position.GetProperty("quantity").GetDouble());
        Assert.Equal(btcClose, position.GetProperty("lastClose").GetDouble());
        Assert.Equal((btcClose - stored.EntryPrice) * stored.Quantity, position.GetProperty("unrealisedPnl").GetDouble(), Tolerance);

        var signals = (await JsonAsync(http, cloud, "/api/signals")).EnumerateArray().ToList();
        Assert.Equal(
            open.Select(p => p.SignalId).Concat(closed.Select(t => t.SignalId)).Order(StringComparer.Ordinal),
            signals.Select(s => s.GetProperty("signalId").GetString()!).Order(StringComparer.Ordinal));
        var trade = closed[0];
        var closedRow = signals.Single(s => s.GetProperty("status").GetString() == "closed");
        Assert.Equal(trade.SignalId, closedRow.GetProperty("signalId").GetString());
        Assert.Equal(trade.ExitPrice, closedRow.GetProperty("exit").GetDouble());
        Assert.Equal(trade.ExitTimeMs, closedRow.GetProperty("exitTime").GetInt64());
        Assert.Equal(trade.Pnl, closedRow.GetProperty("pnl").GetDouble(), Tolerance);
        Assert.Equal(trade.RMultiple, closedRow.GetProperty("r").GetDouble(), Tolerance);
        Assert.Equal(filled.Closed, trade);

        var solOnly = (await JsonAsync(http, cloud, "/api/signals?symbol=SOLUSDT")).EnumerateArray().ToList();
        Assert.Equal(trade.SignalId, Assert.Single(solOnly).GetProperty("signalId").GetString());
    }

    [Fact]
    public async Task Candles_AreTheStoredOnes()
    {
        await using var cloud = await CloudDashboard.StartAsync("bigtable");
        var filled = await CloudData.FillAsync(cloud.Stores, DateTimeOffset.UtcNow);
        using var http = await cloud.SignedInAsync(4242);

        var answer = await JsonAsync(http, cloud, "/api/candles?symbol=SOLUSDT&minutes=60");
        var candles = answer.GetProperty("candles").EnumerateArray().ToList();
        var expected = filled.Candles["SOLUSDT"].TakeLast(candles.Count).ToList();
        // The window ends at the wall clock, and the newest stored candle opened two minutes before the test began.
        Assert.True(candles.Count is >= 55 and <= 60, $"about 58 of the last 60 minutes' candles expected, got {candles.Count}");
        Assert.Equal(expected.Select(c => c.OpenTimeMs), candles.Select(c => c.GetProperty("t").GetInt64()));
        Assert.Equal(expected.Select(c => c.Close), candles.Select(c => c.GetProperty("c").GetDouble()));
        Assert.Equal(expected.Select(c => c.Volume), candles.Select(c => c.GetProperty("v").GetDouble()));
    }

    private static async Task<JsonElement> JsonAsync(HttpClient http, CloudDashboard cloud, string path)
    {
        using var response = await http.GetAsync(new Uri(cloud.Address, path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary><c>cst dashboard --db</c> over a real replayed run: every figure its APIs answer is the store's, and the backtest's.</summary>
[Collection(ReplayedRunCollection.Name)]
public sealed class DashboardApiTests(ReplayedRun run)
{
    private const double Tolerance = 1e-6;

    [Fact]
    public async Task Status_CountsAndEquity_AreTheStoresAndTheBacktests()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        using var http = ReplayedRun.Browser();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(link)).StatusCode);

        var status = await Json(http, link, "/api/status");
        var book = new SqlitePositionBook(run.Store());
        var closed = await book.ListClosedAsync(0, long.MaxValue);
        var open = await book.ListOpenAsync();
        Assert.True(closed.Count >= 5, $"the replay should close several trades, closed {closed.Count}");

        Assert.Equal("stopped", status.GetProperty("mode").GetString());
        Assert.Equal(closed.Count, status.GetProperty("closedTrades").GetInt32());
        Assert.Equal(open.Count, status.GetProperty("openPositions").GetInt32());
        Assert.Equal(open.Count + closed.Count, status.GetProperty("signals").GetInt32());
        Assert.Equal(10_000 + closed.Sum(t => t.Pnl), status.GetProperty("equity").GetDouble(), Tolerance);

        // What cst run printed and what cst backtest computed on the same files.
        Assert.Equal($"replay done: {closed.Count + open.Count} signals, {closed.Count} exits", run.ReplayDone);
        var metrics = run.Backtest.GetProperty("metrics");
        Assert.Equal(metrics.GetProperty("trades").GetInt32(), status.GetProperty("closedTrades").GetInt32());
        Assert.Equal(metrics.GetProperty("finalEquity").GetDouble(), status.GetProperty("equity").GetDouble(), Tolerance);

        // The newest candle of each symbol is the file's last one, and the clock is the run's last decided minute.
        var watermark = long.Parse(await new SqliteStateStore(run.Store()).GetAsync("logic-engine", "watermark") ?? "0", CultureInfo.InvariantCulture);
        Assert.Equal(watermark + 60_000, status.GetProperty("now").GetInt64());
        foreach (var (symbol, file) in ReplayedRun.Symbols.Zip(run.Files))
        {
            var last = LastRows(file, 1)[0];
            var row = status.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == symbol);
            Assert.Equal(last.OpenTimeMs, row.GetProperty("lastOpen").GetInt64());
            Assert.Equal(last.Close, row.GetProperty("close").GetDouble());
        }

        Assert.Equal(0, await process.StopAsync());
    }

    [Fact]
    public async Task Signals_AreTheClosedTradesWithTheirOutcomes_FilteredBySymbolAndKind()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        using var http = ReplayedRun.Browser();
        await http.GetAsync(link);

        var closed = await new SqlitePositionBook(run.Store()).ListClosedAsync(0, long.MaxValue);
        var signals = (await Json(http, link, "/api/signals")).EnumerateArray().ToList();
        Assert.Equal(closed.Count, signals.Count);
        Assert.Equal(closed.OrderByDescending(t => t.EntryTimeMs).ThenBy(t => t.SignalId, StringComparer.Ordinal).Select(t => t.SignalId), signals.Select(s => s.GetProperty("signalId").GetString()));
        foreach (var s in signals)
        {
            var t = closed.Single(c => c.SignalId == s.GetProperty("signalId").GetString());
            Assert.Equal("closed", s.GetProperty("status").GetString());
            Assert.Equal(t.Pnl, s.GetProperty("pnl").GetDouble());
            Assert.Equal(t.RMultiple, s.GetProperty("r").GetDouble());
            Assert.Equal(t.ExitPrice, s.GetProperty("exit").GetDouble());
            Assert.Equal(WireNames.Of(t.Reason), s.GetProperty("reason").GetString());
        }

        // Every trade of the backtest is there, with its PnL.
        var backtest = run.Backtest.GetProperty("trades").EnumerateArray().ToList();
        Assert.Equal(backtest.Count, signals.Count);
        Assert.Equal(
            backtest.Select(b => Math.Round(b.GetProperty("pnl").GetDouble(), 6)).Order(),
            signals.Select(s => Math.Round(s.GetProperty("pnl").GetDouble(), 6)).Order());

        var sol = (await Json(http, link, "/api/signals?symbol=solusdt&kind=MICRO")).EnumerateArray().ToList();
        Assert.Equal(closed.Count(t => t.Symbol == "SOLUSDT" && t.Kind == SignalKind.Micro), sol.Count);
        Assert.All(sol, s => Assert.Equal("SOLUSDT", s.GetProperty("symbol").GetString()));

        var unknown = await http.GetAsync(new Uri(link, "/api/signals?symbol=DOGEUSDT"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using (var error = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()))
        {
            Assert.Equal("symbol 'DOGEUSDT' is not one of this run's (BTCUSDT, SOLUSDT)", error.RootElement.GetProperty("error").GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri(link, "/api/signals?kind=MEGA"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(link, "/api/status"))).StatusCode); // and it keeps serving
    }

    [Fact]
    public async Task Equity_All_HasTheBacktestsMetricsAndCurve()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        using var http = ReplayedRun.Browser();
        await http.GetAsync(link);

        var equity = await Json(http, link, "/api/equity?range=all");
        var m = equity.GetProperty("metrics");
        var b = run.Backtest.GetProperty("metrics");
        foreach (var name in new[] { "trades", "winRate", "netPnl", "averageR", "expectancy", "fees", "maxDrawdown", "maxDrawdownAmount", "finalEquity" })
        {
            Assert.True(Math.Abs(b.GetProperty(name).GetDouble() - m.GetProperty(name).GetDouble()) < Tolerance, $"{name}: backtest {b.GetProperty(name)}, dashboard {m.GetProperty(name)}");
        }

        var points = equity.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(m.GetProperty("trades").GetInt32() + 1, points.Count);
        Assert.Equal(10_000, points[0].GetProperty("equity").GetDouble());
        Assert.Equal(m.GetProperty("finalEquity").GetDouble(), points[^1].GetProperty("equity").GetDouble(), Tolerance);
        Assert.Equal(m.GetProperty("maxDrawdown").GetDouble(), points.Max(p => p.GetProperty("drawdown").GetDouble()), Tolerance);

        // 24h: the equity before it is carried in, the trades inside it counted.
        var day = await Json(http, link, "/api/equity?range=24h");
        var closed = await new SqlitePositionBook(run.Store()).ListClosedAsync(0, long.MaxValue);
        var from = day.GetProperty("from").GetInt64();
        Assert.Equal(closed.Count(t => t.ExitTimeMs >= from), day.GetProperty("metrics").GetProperty("trades").GetInt32());
        Assert.Equal(10_000 + closed.Where(t => t.ExitTimeMs < from).Sum(t => t.Pnl), day.GetProperty("start").GetDouble(), Tolerance);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri(link, "/api/equity?range=1y"))).StatusCode);
    }

    [Fact]
    public async Task Candles_AreTheFilesLastMinutes_WithTheStrategysRsiAndThresholds()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        using var http = ReplayedRun.Browser();
        await http.GetAsync(link);

        var rows = LastRows(run.Files[0], 90 + (14 * 10));
        var chart = await Json(http, link, string.Create(CultureInfo.InvariantCulture, $"/api/candles?symbol=BTCUSDT&minutes=90&end={rows[^1].OpenTimeMs + 60_000}"));
        var shown = rows.TakeLast(90).ToList();
        var candles = chart.GetProperty("candles").EnumerateArray().ToList();
        Assert.Equal(shown.Select(c => c.OpenTimeMs), candles.Select(c => c.GetProperty("t").GetInt64()));
        Assert.Equal(shown.Select(c => (c.Open, c.High, c.Low, c.Close, c.Volume)), candles.Select(c => (
            c.GetProperty("o").GetDouble(), c.GetProperty("h").GetDouble(), c.GetProperty("l").GetDouble(), c.GetProperty("c").GetDouble(), c.GetProperty("v").GetDouble())));

        var rsi = new Rsi(14);
        var expected = rows.Select(c => rsi.Update(c.OpenTimeMs, c.Close)).ToList().TakeLast(90).ToList(); // every row through the RSI, in order
        var values = chart.GetProperty("rsi").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(expected.Count, values.Count);
        Assert.All(expected.Zip(values), p => Assert.Equal(p.First, p.Second, 1e-9));
        Assert.Equal(14, chart.GetProperty("rsiPeriod").GetInt32());
        Assert.Equal(25, chart.GetProperty("oversold").GetDouble());
        Assert.Equal(75, chart.GetProperty("overbought").GetDouble());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri(link, "/api/candles?symbol=BTCUSDT&minutes=100000"))).StatusCode);
    }

    internal static async Task<JsonElement> Json(HttpClient http, Uri link, string path)
    {
        var response = await http.GetAsync(new Uri(link, path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>The last <paramref name="count"/> rows of a candle CSV (timestamp,open,high,low,close,volume), read here.</summary>
    internal static List<Candle> LastRows(string file, int count) => [.. File.ReadLines(file).Skip(1).TakeLast(count).Select(line =>
    {
        var f = line.Split(',');
        var t = DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        return new Candle(t, P(f[1]), P(f[2]), P(f[3]), P(f[4]), P(f[5]));
    })];

    private static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}

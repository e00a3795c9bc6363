using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Pipeline.Tests;
using Microsoft.Playwright;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>
/// <c>cst run --dashboard</c> live against the fake Bybit (real candles turned into trades, on the real wire format):
/// the signals page, open before the first trade arrives, shows the live signals as the pipeline decides them.
/// </summary>
[Collection(ReplayedRunCollection.Name)]
public sealed class LiveDashboardTests(ReplayedRun run)
{
    [Fact]
    public async Task Live_SignalsAppearOnTheOpenPage_WithoutReload_AndAreTheStores()
    {
        const int minutes = SourceData.SignalWindowMinutes;
        var start = SourceData.SignalWindowStartMs;
        var series = SourceData.Symbols.Select(s => new SymbolSeries(s, SourceData.Candles(s, start, minutes))).ToList();
        var expected = Backtester.Run(series, new TradingConfig { MacroEnabled = false });
        Assert.True(expected.Signals.Count >= 1, "the window should give at least one signal");
        await using var bybit = await FakeBybitServer.StartAsync(new FakeBybitScript
        {
            Trades = SourceData.Trades(start, minutes),
            Klines = SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, start, minutes)),
            FrameDelay = TimeSpan.FromMilliseconds(2),
            ClockFrameMs = start + (minutes * SourceData.MinuteMs) + 3_000,
            PauseBeforeFrame = 0, // nothing is traded until the page is open
        });
        var db = Path.Combine(run.Directory, "live.db");
        await using var cst = CstProcess.Start(
            run.Directory, "run", "--symbols", string.Join(",", SourceData.Symbols), "--bybit-url", bybit.WebSocketUrl.ToString(),
            "--bybit-rest-url", bybit.RestUrl.ToString(), "--macro-every", "0", "--db", db, "--dashboard");
        var line = await cst.WaitForLineAsync("Dashboard: ", TimeSpan.FromSeconds(90));

        await using var browser = await BrowserSession.StartAsync();
        var errors = new List<string>();
        var page = await browser.PageAsync(375, 812, errors);
        await page.GotoAsync(line["Dashboard: ".Length..].Replace("/?token=", "/signals?token=", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("[data-testid=signals-shown]");
        Assert.Equal("0", await page.InnerTextAsync("[data-testid=signals-shown]"));
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        bybit.Resume();
        var first = expected.Signals[0].Id;
        await page.WaitForSelectorAsync($"tr[data-signal-id='{first}']", new PageWaitForSelectorOptions { Timeout = 90_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Equal(0, navigations);

        // The page's rows, then stopped (SIGTERM drains): they are the store's signals.
        await Task.Delay(2_500);
        var shown = await page.Locator("tr[data-signal-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.signalId)");
        await page.CloseAsync(); // before the server stops: its next poll would be refused
        lock (errors)
        {
            Assert.Empty(errors);
        }

        Assert.Equal(0, await cst.StopAsync());
        var book = new SqlitePositionBook(SqliteDatabase.OpenReadOnly(db));
        var stored = (await book.ListOpenAsync()).Select(p => p.SignalId).Concat((await book.ListClosedAsync(0, long.MaxValue)).Select(t => t.SignalId));
        Assert.Equal(stored.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        Assert.Contains(first, shown);
        Assert.Single(cst.Out.Split('\n'), l => l.StartsWith("Dashboard: http://127.0.0.1:", StringComparison.Ordinal));
    }
}

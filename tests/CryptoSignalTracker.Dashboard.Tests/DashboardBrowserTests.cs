using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Embedded.Sqlite;
using Microsoft.Playwright;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>
/// The pages in a real browser over <c>cst dashboard --db</c> of a real replayed run: they load without console errors,
/// show the store's numbers, show a new signal without a reload, refuse a wrong token, and fit a 375 px phone.
/// Screenshots go to the test output (and to <c>CST_DASHBOARD_SCREENSHOTS</c> when set: docs/dashboard/ holds them).
/// </summary>
[Collection(ReplayedRunCollection.Name)]
public sealed class DashboardBrowserTests(ReplayedRun run)
{
    private static readonly string[] Pages = ["/", "/markets", "/positions", "/signals", "/equity"];

    [Theory]
    [InlineData(1280, 900, "desktop")]
    [InlineData(375, 812, "phone")]
    public async Task EveryPage_LoadsWithoutConsoleErrors_AndHasNoHorizontalScroll(int width, int height, string name)
    {
        // An open position too, so the Positions page and the markers have one (written as the engine writes it).
        var db = run.CopyDb($"pages-{name}.db");
        await OpenPositionAsync(db, "SOLUSDT");
        var (process, link) = await run.StartDashboardAsync(db);
        await using var _ = process;
        await using var browser = await BrowserSession.StartAsync();
        var errors = new List<string>();
        var page = await browser.PageAsync(width, height, errors);

        await page.GotoAsync(link.ToString());
        Assert.Equal(new Uri(link, "/").ToString(), page.Url); // the token left the address
        foreach (var path in Pages)
        {
            if (path != "/")
            {
                await page.ClickAsync($"nav a[href='{path}']");
                await page.WaitForURLAsync(new Uri(link, path).ToString());
            }

            await page.WaitForSelectorAsync("#updated:not(:empty)");
            await page.WaitForFunctionAsync("() => document.querySelector('main').children.length > 0 && !document.querySelector('#banner:not([hidden]):not(.stopped)')");
            await Task.Delay(300); // a canvas drawn after the data arrived
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} at {width} px scrolls sideways by {overflow} px");
            await ScreenshotAsync(page, $"{(path == "/" ? "overview" : path[1..])}-{name}.png");
        }

        lock (errors)
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Overview_ShowsTheStoresNumbers()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        await using var browser = await BrowserSession.StartAsync();
        var errors = new List<string>();
        var page = await browser.PageAsync(1280, 900, errors);
        await page.GotoAsync(link.ToString());
        await page.WaitForSelectorAsync("[data-testid=equity]");

        var book = new SqlitePositionBook(run.Store());
        var closed = await book.ListClosedAsync(0, long.MaxValue);
        var open = await book.ListOpenAsync();
        Assert.Equal((10_000 + closed.Sum(t => t.Pnl)).ToString("F2", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-testid=equity]"));
        Assert.Equal((open.Count + closed.Count).ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-testid=signal-count]"));
        Assert.Equal(open.Count.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-testid=open-positions]"));
        Assert.Equal(closed.Count.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-testid=closed-trades]"));

        await page.GotoAsync(new Uri(link, "/signals").ToString());
        await page.WaitForSelectorAsync("tr[data-signal-id]");
        Assert.Equal(closed.Count, await page.Locator("tr[data-signal-id]").CountAsync());
        var newest = closed.OrderByDescending(t => t.EntryTimeMs).First();
        var row = page.Locator($"tr[data-signal-id='{newest.SignalId}']");
        Assert.Contains(newest.Pnl.ToString("+0.00;-0.00", CultureInfo.InvariantCulture), await row.InnerTextAsync(), StringComparison.Ordinal);

        await page.SelectOptionAsync("#f-symbol", "BTCUSDT");
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('tr[data-signal-id]').length === {closed.Count(t => t.Symbol == "BTCUSDT")}");
        Assert.EndsWith("/signals?symbol=BTCUSDT", page.Url, StringComparison.Ordinal);
        lock (errors)
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task ANewSignal_AppearsWithoutReload()
    {
        var db = run.CopyDb("new-signal.db");
        var (process, link) = await run.StartDashboardAsync(db);
        await using var _ = process;
        await using var browser = await BrowserSession.StartAsync();
        var errors = new List<string>();
        var page = await browser.PageAsync(1280, 900, errors);
        await page.GotoAsync(link.ToString());
        await page.WaitForSelectorAsync("[data-testid=signal-count]");
        var before = int.Parse(await page.InnerTextAsync("[data-testid=signal-count]"), CultureInfo.InvariantCulture);
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        var id = await OpenPositionAsync(db, "BTCUSDT");

        await page.WaitForSelectorAsync($"tr[data-signal-id='{id}']", new PageWaitForSelectorOptions { Timeout = 15_000 });
        Assert.Equal((before + 1).ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-testid=signal-count]"));
        Assert.Equal("1", await page.InnerTextAsync("[data-testid=open-positions]"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Equal(0, navigations);
        lock (errors)
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task AWrongToken_IsRefused_AndNothingIsShown()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        await using var browser = await BrowserSession.StartAsync();
        var errors = new List<string>();
        var page = await browser.PageAsync(375, 812, errors);

        var wrong = await page.GotoAsync(new Uri(link, "/?token=" + new string('A', 43)).ToString());
        Assert.Equal(401, wrong!.Status);
        Assert.Contains("401 Unauthorized", await page.ContentAsync(), StringComparison.Ordinal);
        var bare = await page.GotoAsync(new Uri(link, "/signals").ToString());
        Assert.Equal(401, bare!.Status);
        Assert.Empty(await page.Context.CookiesAsync());
    }

    /// <summary>Opens a position in <paramref name="db"/> at its symbol's last stored close, as the LogicEngine's position book write does.</summary>
    private static async Task<string> OpenPositionAsync(string db, string symbol)
    {
        var database = new SqliteDatabase(db);
        var watermark = long.Parse(await new SqliteStateStore(database).GetAsync("logic-engine", "watermark") ?? "0", CultureInfo.InvariantCulture);
        var last = (await new SqliteCandleStore(database).ReadAsync(symbol, watermark - 3_600_000, watermark + 60_000))[^1];
        var id = $"{symbol}-{last.OpenTimeMs / 1000}-v5.2-champion";
        var entry = last.Close;
        var outcome = await new SqlitePositionBook(database).TryOpenAsync(new Core.Domain.Position(
            id, symbol, Direction.Long, SignalKind.Micro, last.OpenTimeMs, entry, entry * 0.99, entry * 1.02, 1000 / entry, 10, 0.55));
        Assert.Equal(Core.Ports.PositionOpenOutcome.Opened, outcome);
        return id;
    }

    private static async Task ScreenshotAsync(IPage page, string file)
    {
        var directories = new List<string> { Path.Combine(AppContext.BaseDirectory, "screenshots") };
        if (Environment.GetEnvironmentVariable("CST_DASHBOARD_SCREENSHOTS") is { Length: > 0 } extra)
        {
            directories.Add(extra);
        }

        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        foreach (var directory in directories)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(Path.Combine(directory, file), bytes);
        }
    }
}

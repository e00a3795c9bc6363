using Microsoft.Playwright;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, or <c>CST_CHROMIUM</c>) driven by Playwright, headless. Playwright's own
/// browser download is not used (it is not reachable here); scripts/prerequisites.sh installs the browser.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CST_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(executable), $"{executable} is missing: run scripts/prerequisites.sh --install (apt-get install chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,

            // This machine's network is closed: Chromium's own background connections only produce refusals.
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A fresh page (its own cookies) of <paramref name="width"/> × <paramref name="height"/> CSS pixels, collecting console errors and page errors into <paramref name="errors"/>.</summary>
    public async Task<IPage> PageAsync(int width, int height, List<string> errors)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add($"page error: {error}");
            }
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

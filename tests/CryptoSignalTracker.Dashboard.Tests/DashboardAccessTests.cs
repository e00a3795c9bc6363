using System.Net;
using System.Text.RegularExpressions;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Embedded.Sqlite;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>Who may see the dashboard: the token's holder; the token never stays in an address or reaches a log.</summary>
[Collection(ReplayedRunCollection.Name)]
public sealed partial class DashboardAccessTests(ReplayedRun run)
{
    [Fact]
    public async Task CstDashboard_PrintsExactlyOneLine_BindsLoopback_AndStopsOnSigterm()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        await Task.Delay(300);

        Assert.Matches(LinkLine(), process.Out.TrimEnd('\n'));
        Assert.Equal("127.0.0.1", link.Host);
        Assert.Equal(0, await process.StopAsync());
        Assert.Equal(string.Empty, process.Error);
    }

    [Fact]
    public async Task WithoutTheToken_OrWithAWrongOne_401_AndNoCookie()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var root = new Uri(link.GetLeftPart(UriPartial.Path));

        foreach (var path in new[] { "/", "/signals", "/api/status", "/api/signals", "/app.js" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(root, path))).StatusCode);
        }

        var wrong = await http.GetAsync(new Uri(root, "/?token=" + new string('A', 43)));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        var cookie = CookieOf(await http.GetAsync(link));
        var forged = new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/api/status"));
        forged.Headers.Add("Cookie", cookie.Name + "=" + new string('x', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(0, await process.StopAsync());
    }

    [Fact]
    public async Task TheToken_SetsAnHttpOnlyStrictCookie_AndRedirectsToTheCleanAddress()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        var first = await http.GetAsync(new Uri(link.ToString().Replace("/?token=", "/signals?kind=MICRO&token=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        Assert.Equal("/signals?kind=MICRO", first.Headers.Location!.OriginalString);
        var setCookie = first.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);

        var cookie = CookieOf(first);
        var next = new HttpRequestMessage(HttpMethod.Get, new Uri(link, "/signals?kind=MICRO"));
        next.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        var page = await http.SendAsync(next);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script src=\"/app.js\"></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var post = new HttpRequestMessage(HttpMethod.Post, new Uri(link, "/api/status"));
        post.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.SendAsync(post)).StatusCode);
        Assert.Equal(0, await process.StopAsync());
    }

    [Fact]
    public async Task TheToken_NeverReachesTheLog_EvenAtTrace()
    {
        var lines = new List<string>();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(lines)));
        var database = SqliteDatabase.OpenReadOnly(run.Db);
        var book = new SqlitePositionBook(database);
        var sources = new DashboardSources
        {
            Symbols = ReplayedRun.Symbols,
            Candles = new SqliteCandleStore(database),
            Positions = book,
            Trades = book,
            Biases = new SqliteBiasStore(database),
            State = new SqliteStateStore(database),
            Trading = new TradingConfig(),
            Mode = DashboardMode.Stopped,
        };
        await using var server = await DashboardServer.StartAsync(sources, DashboardListen.Parse(null), loggers, CancellationToken.None);
        using var http = ReplayedRun.Browser();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(server.Link)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await new HttpClient().GetAsync(server.Address + "?token=" + server.Token + "x")).StatusCode);
        await http.GetAsync(new Uri(server.Address, "/api/status"));

        lock (lines)
        {
            Assert.DoesNotContain(lines, l => l.Contains(server.Token, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null, "127.0.0.1:0")]
    [InlineData("8123", "127.0.0.1:8123")]
    [InlineData("0.0.0.0:8080", "0.0.0.0:8080")]
    [InlineData("localhost:9000", "127.0.0.1:9000")]
    [InlineData("[::1]:7000", "[::1]:7000")]
    public void Listen_Parses(string? text, string expected) => Assert.Equal(expected, DashboardListen.Parse(text).ToString());

    [Theory]
    [InlineData("127.0.0.1:http", "the port 'http' is not a number 0-65535")]
    [InlineData("70000", "the port '70000' is not a number 0-65535")]
    [InlineData("example.com:80", "'example.com' is not an IP address")]
    public async Task CstDashboard_BadListen_OneLineExit2(string listen, string says)
    {
        var (code, stdout, stderr) = await CstProcess.RunAsync(run.Directory, TimeSpan.FromMinutes(1), "dashboard", "--db", run.Db, "--listen", listen);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains(says, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dashboard", "--listen <ADDR>")]
    [InlineData("run", "--dashboard [ADDR]")]
    public async Task Help_ShowsTheDashboardOptions(string command, string option)
    {
        var (code, stdout, stderr) = await CstProcess.RunAsync(run.Directory, TimeSpan.FromMinutes(1), command, "--help");

        Assert.True(code == 0, stderr);
        Assert.Contains(option, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CstDashboard_MissingDb_OneLineExit1_AndCreatesNothing()
    {
        var missing = Path.Combine(run.Directory, "no-such.db");
        var (code, stdout, stderr) = await CstProcess.RunAsync(run.Directory, TimeSpan.FromMinutes(1), "dashboard", "--db", missing);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"--db {missing}: SQLite database {missing}: no such file", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task CstDashboard_PortInUse_OneLineExit1()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        var (code, stdout, stderr) = await CstProcess.RunAsync(run.Directory, TimeSpan.FromMinutes(1), "dashboard", "--db", run.Db, "--listen", $"127.0.0.1:{link.Port}");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"--listen: cannot listen on 127.0.0.1:{link.Port}", stderr, StringComparison.Ordinal);
        Assert.Equal(0, await process.StopAsync());
    }

    private static (string Name, string Value) CookieOf(HttpResponseMessage response)
    {
        var pair = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0].Split('=', 2);
        return (pair[0], pair[1]);
    }

    [GeneratedRegex(@"^Dashboard: http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{43}$")]
    private static partial Regex LinkLine();
}

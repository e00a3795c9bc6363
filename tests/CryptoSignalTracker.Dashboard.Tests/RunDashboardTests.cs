using System.Globalization;
using System.Net;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary><c>cst run … --dashboard</c>: the dashboard serves the run's stores while the pipeline runs.</summary>
[Collection(ReplayedRunCollection.Name)]
public sealed class RunDashboardTests(ReplayedRun run)
{
    [Fact]
    public async Task Replay_WithDashboard_PrintsOneLinkAndServesTheRunWhileItGoes()
    {
        var db = Path.Combine(run.Directory, "replay-with-dashboard.db");

        // 4 days at 20,000× real time: about 17 s, long enough to look at it while it runs.
        await using var cst = CstProcess.Start(
            run.Directory, ["run", .. run.Files.SelectMany(f => new[] { "--replay-candles", f }), "--db", db, "--speed", "20000", "--dashboard"]);
        var line = await cst.WaitForLineAsync("Dashboard: ", TimeSpan.FromSeconds(60));
        var link = new Uri(line["Dashboard: ".Length..]);
        Assert.Equal("127.0.0.1", link.Host);

        using var http = ReplayedRun.Browser();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(link)).StatusCode);
        var status = await DashboardApiTests.Json(http, link, "/api/status");
        Assert.Equal("replay", status.GetProperty("mode").GetString());
        var seen = new List<int>();
        var stagesSeen = new List<System.Text.Json.JsonElement>();
        while (!cst.HasExited)
        {
            try
            {
                var now = await DashboardApiTests.Json(http, link, "/api/status");
                seen.Add(now.GetProperty("signals").GetInt32());
                stagesSeen.Add(now.GetProperty("stages"));
            }
            catch (HttpRequestException)
            {
                break; // the replay ended and took the dashboard with it
            }

            await Task.Delay(500);
        }

        // The replay ends by itself (its dashboard stops first, which ends the loop above): wait for it, do not stop it
        // (a SIGTERM while it writes its summary gave 130 under load).
        Assert.Equal(0, await cst.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Single(cst.Out.Split('\n'), l => l.StartsWith("Dashboard: ", StringComparison.Ordinal));
        Assert.True(seen.Count >= 3, $"the dashboard answered {seen.Count} times during the replay");
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First <= p.Second), $"the signal count went back: {string.Join(",", seen)}");
        Assert.True(seen[^1] > seen[0], $"no signal appeared while the replay ran: {string.Join(",", seen)}");

        // While it ran, the stages that run in a candle replay showed their last event, and green.
        var flowing = stagesSeen.Last(s => s.EnumerateArray().Any(x => x.GetProperty("stage").GetString() == "LogicEngine" && x.GetProperty("lastEvent").ValueKind == System.Text.Json.JsonValueKind.Number));
        foreach (var stage in flowing.EnumerateArray().Where(x => x.GetProperty("stage").GetString() is "Ingestor" or "Aggregator" or "LogicEngine"))
        {
            Assert.True(stage.GetProperty("health").GetString() == "green" && stage.GetProperty("lastEvent").ValueKind == System.Text.Json.JsonValueKind.Number, $"during the replay: {stage}");
        }

        // What it showed last is at most what the run stored in the end.
        var book = new SqlitePositionBook(SqliteDatabase.OpenReadOnly(db));
        var total = (await book.ListClosedAsync(0, long.MaxValue)).Count + (await book.ListOpenAsync()).Count;
        Assert.True(seen[^1] <= total, string.Create(CultureInfo.InvariantCulture, $"showed {seen[^1]} signals, the store holds {total}"));
        Assert.Contains($"replay done: {total}", cst.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DashboardOnABadAddress_OneLineExit2()
    {
        var (code, stdout, stderr) = await CstProcess.RunAsync(
            run.Directory, TimeSpan.FromMinutes(2), ["run", "--replay-candles", run.Files[0], "--db", Path.Combine(run.Directory, "bad-listen.db"), "--dashboard", "nowhere:80"]);

        Assert.Equal(2, code);
        Assert.DoesNotContain("Dashboard: ", stdout, StringComparison.Ordinal);
        Assert.Contains("--dashboard 'nowhere:80': 'nowhere' is not an IP address", stderr, StringComparison.Ordinal);
    }
}

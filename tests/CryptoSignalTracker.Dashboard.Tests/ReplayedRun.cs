using System.Net;
using System.Text.Json;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>
/// A real run to look at: the first <see cref="Days"/> days of the repository's BTCUSDT and SOLUSDT 1-minute candles
/// (data/sample) replayed by <c>cst run --replay-candles … --db</c> through the whole pipeline, and the same files
/// through <c>cst backtest --json</c> (the independent figures the dashboard's must equal). Shared by the tests.
/// </summary>
public sealed class ReplayedRun : IAsyncLifetime
{
    /// <summary>How many days of each file are replayed: 4.</summary>
    public const int Days = 4;

    public static readonly string[] Symbols = ["BTCUSDT", "SOLUSDT"];

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("cst-dashboard-").FullName;

    /// <summary>The run's SQLite file (never written after the run: tests that write use <see cref="CopyDb"/>).</summary>
    public string Db => Path.Combine(Directory, "run.db");

    /// <summary>The replayed candle files, one per symbol in <see cref="Symbols"/>' order.</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    /// <summary><c>cst backtest --json</c>'s document for the same files.</summary>
    public JsonElement Backtest { get; private set; }

    /// <summary>What <c>cst run</c> printed last: <c>replay done: N signals, M exits</c>.</summary>
    public string ReplayDone { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var files = new List<string>();
        foreach (var symbol in Symbols)
        {
            var source = System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "sample"), $"bybit_linear_{symbol}_1m_*.csv").Single();
            var target = Path.Combine(Directory, $"bybit_linear_{symbol}_1m_first{Days}d.csv");
            await File.WriteAllLinesAsync(target, File.ReadLines(source).Take(1 + (Days * 1440)));
            files.Add(target);
        }

        Files = files;
        var replay = Files.SelectMany(f => new[] { "--replay-candles", f }).Concat(["--db", Db]).ToArray();
        var (code, stdout, stderr) = await CstProcess.RunAsync(Directory, TimeSpan.FromMinutes(5), ["run", .. replay]);
        Assert.True(code == 0, $"cst run exited {code}:\n{stdout}\n{stderr}");
        ReplayDone = stdout.Split('\n').Last(l => l.StartsWith("replay done:", StringComparison.Ordinal)).Trim();

        var json = Path.Combine(Directory, "backtest.json");
        var (btCode, btOut, btErr) = await CstProcess.RunAsync(
            Directory, TimeSpan.FromMinutes(3), ["backtest", .. Files.SelectMany(f => new[] { "--candles", f }), "--json", json]);
        Assert.True(btCode == 0, $"cst backtest exited {btCode}:\n{btOut}\n{btErr}");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Backtest = document.RootElement.Clone();
    }

    /// <summary>A copy of the run's database (with its WAL) under <paramref name="name"/>, for a test that writes to it.</summary>
    public string CopyDb(string name)
    {
        var copy = Path.Combine(Directory, name);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(Db + suffix))
            {
                File.Copy(Db + suffix, copy + suffix, overwrite: true);
            }
        }

        return copy;
    }

    /// <summary>Starts <c>cst dashboard --db <paramref name="db"/></c>; returns the process and the link it printed.</summary>
    public async Task<(CstProcess Process, Uri Link)> StartDashboardAsync(string db, params string[] more)
    {
        var process = CstProcess.Start(Directory, ["dashboard", "--db", db, .. more]);
        var line = await process.WaitForLineAsync("Dashboard: ", TimeSpan.FromSeconds(60));
        return (process, new Uri(line["Dashboard: ".Length..]));
    }

    /// <summary>An HTTP client that keeps cookies and follows redirects, as a browser does.</summary>
    public static HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true });

    /// <summary>The run's stores, opened read-only.</summary>
    public SqliteDatabase Store() => SqliteDatabase.OpenReadOnly(Db);

    public Task DisposeAsync()
    {
        SqliteDatabase.ClearPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ReplayedRunCollection : ICollectionFixture<ReplayedRun>
{
    public const string Name = "a replayed run";
}

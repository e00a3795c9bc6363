using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// Issue 15, item 8: <c>cst run --backend gcp</c> against fresh emulators found no Bigtable table, so every Aggregator
/// message failed and was redelivered, no candle closed and the process ran on. Now the table is checked before anything
/// flows: created on the emulator, or the run stops with one line saying what is missing and how to create it. Against
/// the shared emulators (PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST), a project of its own.
/// </summary>
public sealed class RunGcpResourceTests : IDisposable
{
    private const string BtcName = "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv";
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "data", "sample");
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(4);
    private readonly string _temp = Directory.CreateTempSubdirectory("cst-run-gcp-").FullName;
    private readonly string _project = "cst-i15-" + Guid.NewGuid().ToString("N")[..10];
    private readonly string? _savedProject = Environment.GetEnvironmentVariable("GOOGLE_CLOUD_PROJECT");
    private readonly GoogleChannelFactory _channels;

    public RunGcpResourceTests()
    {
        foreach (var variable in new[] { "PUBSUB_EMULATOR_HOST", "BIGTABLE_EMULATOR_HOST", "FIRESTORE_EMULATOR_HOST" })
        {
            Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)), $"{variable} is not set: source /work/emulators.env (or start the emulators) before these tests");
        }

        Environment.SetEnvironmentVariable("GOOGLE_CLOUD_PROJECT", _project);
        _channels = new GoogleChannelFactory(new GoogleConnectionSettings());
    }

    [Fact]
    public async Task RunGcp_FreshEmulatorsWithoutTheTable_CreatesItAndEveryCandleIsStored()
    {
        var file = Path.Combine(_temp, BtcName);
        File.WriteAllLines(file, File.ReadLines(Path.Combine(Sample, BtcName)).Take(1 + 30));
        var table = new BigtableTableManager(_channels, Options());
        Assert.Null(await table.GetAsync());

        var run = await Task.Run(() => ConsoleCapture.Run("run", "--backend", "gcp", "--replay-candles", file)).WaitAsync(HangGuard);

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.True((await table.GetAsync())!.ColumnFamilies.ContainsKey(BigtableCandleStoreOptions.DefaultFamilyName));
        var expected = CandleCsvReader.ReadFile(file);
        var stored = await new BigtableCandleStore(_channels, Options()).ReadAsync("BTCUSDT", expected[0].OpenTimeMs, expected[^1].OpenTimeMs + 1);
        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task RunGcp_TableWithoutTheMarketFamily_OneLineSayingWhatIsMissingAndHowToCreateIt()
    {
        var wrong = Options();
        wrong.FamilyName = "other";
        await new BigtableTableManager(_channels, wrong).CreateIfAbsentAsync();
        var file = Path.Combine(Sample, BtcName);

        var run = await Task.Run(() => ConsoleCapture.Run("run", "--backend", "gcp", "--replay-candles", file)).WaitAsync(HangGuard);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
        Assert.Equal(
            $"cst: --backend gcp: the Bigtable table {Options().TableName} has no column family 'market' (it has: other); delete it and {Cli.Run.GoogleResourceCheck.CreateHint}",
            line);
        Assert.DoesNotContain("replay done", run.Out, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GOOGLE_CLOUD_PROJECT", _savedProject);
        _channels.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private BigtableCandleStoreOptions Options() => new() { ProjectId = _project };
}

namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// Issue 15, item 7: a read-only <c>--db</c> logged "attempt to write a readonly database" as endless redelivery and never
/// exited; <c>--db</c> naming a directory or a path under /dev/null crashed with a 30-line stack trace. Each must end the
/// run before it starts, with one line naming the path and the problem, and a non-zero exit.
/// </summary>
public sealed class RunStorageFaultTests : IDisposable
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "data", "sample");
    private readonly string _temp = Directory.CreateTempSubdirectory("cst-run-storage-").FullName;

    [Fact]
    public void ReplayCandles_DbIsADirectory_OneLineSayingSo()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_temp, "state.db")).FullName;

        var run = ConsoleCapture.Run("run", "--replay-candles", TwoDaysOfBtc(), "--db", dir);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"cst: --db {dir}: SQLite database {dir}: is a directory, not a file", SingleLine(run.Error));
    }

    [Theory]
    [InlineData("/dev/null/cst.db")]
    [InlineData("/dev/null")]
    public void ReplayCandles_DbUnderDevNull_OneLineSayingSo(string db)
    {
        var run = ConsoleCapture.Run("run", "--replay-candles", TwoDaysOfBtc(), "--db", db);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"cst: --db {db}: SQLite database {db}: is under /dev, /proc or /sys, not a place for a database file", SingleLine(run.Error));
        Assert.False(File.Exists("/dev/null-wal"), "SQLite was let loose on /dev/null");
    }

    [Fact]
    public void ReplayCandles_DbReadOnly_OneLineSayingSoAndNothingRuns()
    {
        // A database file SQLite must treat as read-only: write version 3 in its header (byte 18). chmod would not do,
        // as the tests run as root here; SQLite reports both cases the same way (SQLITE_READONLY).
        var db = Path.Combine(_temp, "readonly.db");
        _ = new CryptoSignalTracker.Embedded.Sqlite.SqliteDatabase(db);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var checkpoint = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}"))
        {
            checkpoint.Open();
            using var command = checkpoint.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
            command.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var file = new FileStream(db, FileMode.Open, FileAccess.Write))
        {
            file.Position = 18;
            file.WriteByte(3);
        }

        var run = ConsoleCapture.Run("run", "--replay-candles", TwoDaysOfBtc(), "--db", db);

        Assert.Equal(1, run.ExitCode);
        var line = SingleLine(run.Error);
        Assert.StartsWith($"cst: --db {db}: SQLite database {db}: the database is read-only", line, StringComparison.Ordinal);
        Assert.DoesNotContain("replay done", run.Out, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_temp, recursive: true);
    }

    private static string SingleLine(string error) => Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');

    private string TwoDaysOfBtc()
    {
        const string name = "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv";
        var path = Path.Combine(_temp, name);
        if (!File.Exists(path))
        {
            File.WriteAllLines(path, File.ReadLines(Path.Combine(Sample, name)).Take(1 + (2 * 1440)));
        }

        return path;
    }
}

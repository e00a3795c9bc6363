using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>Opening the SQLite file: WAL mode, and clear errors for files that are not databases.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    [Fact]
    public void Open_NewFile_CreatesItInWalMode()
    {
        var database = _file.Reopen();

        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
        Assert.True(File.Exists(_file.Path));
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_ThrowsStoreErrorNamingThePath()
    {
        File.WriteAllText(_file.Path, "timestamp,open,high,low,close,volume\n2025-05-30 16:39:00+00:00,1,2,0.5,1.5,10\n");

        var error = Assert.Throws<StoreException>(() => new SqliteDatabase(_file.Path));

        Assert.Contains(_file.Path, error.Message);
        Assert.Contains("not a database", error.Message);
    }

    [Fact]
    public void Open_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new SqliteDatabase(" "));
        Assert.Throws<ArgumentException>(() => new SqliteDatabase(_file.Path, TimeSpan.Zero));
    }
}

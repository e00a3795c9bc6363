using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>A fresh SQLite file per test; <see cref="Reopen"/> drops every pooled connection and opens the file again (a restart).</summary>
public sealed class SqliteTestFile : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cst-sqlite-" + Guid.NewGuid().ToString("N"));

    /// <summary>Creates the folder; the database file is created by the first <see cref="Reopen"/>.</summary>
    public SqliteTestFile()
    {
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Path of the database file.</summary>
    public string Path => System.IO.Path.Combine(_directory, "cst.db");

    /// <summary>Opens the file as a new process would.</summary>
    public SqliteDatabase Reopen()
    {
        SqliteDatabase.ClearPools();
        return new SqliteDatabase(Path);
    }

    /// <summary>Runs raw SQL against the file (to plant malformed rows).</summary>
    public void Execute(string sql)
    {
        using var connection = new SqliteDatabase(Path).Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteDatabase.ClearPools();
        Directory.Delete(_directory, recursive: true);
    }
}

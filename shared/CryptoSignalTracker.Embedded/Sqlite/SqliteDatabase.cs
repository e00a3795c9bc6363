using Microsoft.Data.Sqlite;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary>
/// The one SQLite file that holds everything the embedded pipeline stores (candles, positions, bias,
/// idempotency claims, alert deliveries, bot state). Opening creates the file and schema if needed and
/// switches it to WAL mode, so readers never block the writer. Each operation opens its own (pooled)
/// connection; transactions that decide something use <c>BEGIN IMMEDIATE</c>, so parallel attempts
/// from any number of threads or processes serialise on the file. Opening the same file again is a
/// restart: everything committed is there.
/// </summary>
public sealed class SqliteDatabase
{
    /// <summary>Default <see cref="BusyTimeout"/>: 30 s.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS candles (
            symbol TEXT NOT NULL,
            open_time_ms INTEGER NOT NULL,
            open REAL NOT NULL,
            high REAL NOT NULL,
            low REAL NOT NULL,
            close REAL NOT NULL,
            volume REAL NOT NULL,
            trades INTEGER NOT NULL,
            buy_volume REAL,
            sell_volume REAL,
            PRIMARY KEY (symbol, open_time_ms)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS positions (
            signal_id TEXT PRIMARY KEY,
            symbol TEXT NOT NULL,
            side TEXT NOT NULL,
            kind TEXT NOT NULL,
            entry_time_ms INTEGER NOT NULL,
            entry_price REAL NOT NULL,
            stop_loss REAL NOT NULL,
            take_profit REAL NOT NULL,
            quantity REAL NOT NULL,
            risk_amount REAL NOT NULL,
            entry_fee REAL NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS positions_one_open_micro_per_symbol ON positions (symbol) WHERE kind = 'MICRO';
        CREATE TABLE IF NOT EXISTS closed_trades (
            signal_id TEXT PRIMARY KEY,
            symbol TEXT NOT NULL,
            side TEXT NOT NULL,
            kind TEXT NOT NULL,
            entry_time_ms INTEGER NOT NULL,
            entry_price REAL NOT NULL,
            exit_time_ms INTEGER NOT NULL,
            exit_price REAL NOT NULL,
            reason TEXT NOT NULL,
            quantity REAL NOT NULL,
            fees REAL NOT NULL,
            pnl REAL NOT NULL,
            risk_amount REAL NOT NULL
        );
        CREATE TABLE IF NOT EXISTS macro_bias (
            symbol TEXT PRIMARY KEY,
            side TEXT NOT NULL,
            confidence REAL NOT NULL,
            published_at_ms INTEGER NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            note TEXT
        );
        CREATE TABLE IF NOT EXISTS claims (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            claimed_at_ms INTEGER NOT NULL,
            PRIMARY KEY (scope, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS alert_deliveries (
            signal_id TEXT NOT NULL,
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,
            sent_at_ms INTEGER NOT NULL,
            PRIMARY KEY (signal_id, chat_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS state (
            collection TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (collection, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            token INTEGER NOT NULL,
            expires_at_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly string _connectionPragmas;

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">Empty path.</exception>
    /// <exception cref="CryptoSignalTracker.Core.Ports.StoreException">The file cannot be opened or is not a SQLite database.</exception>
    public SqliteDatabase(string path, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        BusyTimeout = busyTimeout ?? DefaultBusyTimeout;
        if (BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"busy timeout must be positive, was {BusyTimeout}", nameof(busyTimeout));
        }

        Path = System.IO.Path.GetFullPath(path);
        _connectionPragmas = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
        }.ToString();
        try
        {
            var directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using var connection = Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, Schema);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new CryptoSignalTracker.Core.Ports.StoreException($"cannot open SQLite database '{Path}': {e.Message}", e);
        }
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>How long a statement waits for another writer's lock before failing. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; }

    /// <summary>
    /// Opens a new connection to the file (the caller disposes it). Each connection waits for another writer's lock in
    /// SQLite's own busy handler (<c>busy_timeout</c>, fine-grained) rather than Microsoft.Data.Sqlite's retry loop, which
    /// sleeps about 150 ms between tries and made every contended write that slow; and commits with
    /// <c>synchronous=NORMAL</c>, which in WAL mode survives a crash of the process (an OS crash or power cut can lose
    /// the last commits, never corrupt the file; the LogicEngine then re-decides those minutes with the same ids).
    /// </summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        try
        {
            Execute(connection, _connectionPragmas);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <summary>Releases the pooled connections of every database (so the file can be deleted or copied).</summary>
    public static void ClearPools() => SqliteConnection.ClearAllPools();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

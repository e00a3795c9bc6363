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
            expires_at_ms INTEGER,
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
            expires_at_ms INTEGER,
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
        : this(path, busyTimeout, readOnly: false)
    {
    }

    private SqliteDatabase(string path, TimeSpan? busyTimeout, bool readOnly)
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
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
        }.ToString();
        if (Directory.Exists(Path))
        {
            throw new CryptoSignalTracker.Core.Ports.StoreException($"SQLite database {Path}: is a directory, not a file");
        }

        if (Path.StartsWith("/dev/", StringComparison.Ordinal) || Path.StartsWith("/proc/", StringComparison.Ordinal) || Path.StartsWith("/sys/", StringComparison.Ordinal))
        {
            // SQLite would "open" /dev/null and create /dev/null-wal beside it; writes would vanish.
            throw new CryptoSignalTracker.Core.Ports.StoreException($"SQLite database {Path}: is under /dev, /proc or /sys, not a place for a database file");
        }

        if (readOnly)
        {
            CheckReadable();
            return;
        }

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
            AddColumnIfMissing(connection, "state", "expires_at_ms INTEGER");
            AddColumnIfMissing(connection, "claims", "expires_at_ms INTEGER");

            // A file that opens but cannot be written (read-only) would otherwise fail on the first message, which is
            // then redelivered for ever: find out now, with a write that is rolled back.
            Execute(connection, "BEGIN IMMEDIATE; INSERT OR REPLACE INTO state (collection, key, value) VALUES ('__probe', '__probe', ''); ROLLBACK;");
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new CryptoSignalTracker.Core.Ports.StoreException($"SQLite database {Path}: {Describe(e)}", e);
        }
    }

    /// <summary>
    /// Opens an existing database file for reading only (what only looks at a run, e.g. <c>cst dashboard --db</c>): no
    /// schema is created or changed and every write fails. The file may belong to a run still writing it.
    /// </summary>
    /// <exception cref="CryptoSignalTracker.Core.Ports.StoreException">The file is missing, not a SQLite database, or not one of a run.</exception>
    public static SqliteDatabase OpenReadOnly(string path) => new(path, null, readOnly: true);

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

    /// <summary>
    /// What a storage failure means for the user, in words: a read-only file, a full disk, a path that cannot be a
    /// database. Used for the one line <c>cst</c> prints and for the logs of a write that failed mid-run.
    /// </summary>
    public static string Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e switch
        {
            SqliteException { SqliteErrorCode: 8 } => "the database is read-only (check the file's and its directory's write permission, or that the disk is mounted read-write)",
            SqliteException { SqliteErrorCode: 13 } => "the disk is full (database or disk is full)",
            SqliteException { SqliteErrorCode: 14 } => "cannot open the file (does its directory exist, and may it be written?)",
            SqliteException { SqliteErrorCode: 26 } => "is not a database (not a SQLite file)",
            SqliteException { SqliteErrorCode: 10 } => "disk I/O error",
            SqliteException s => s.Message,
            IOException or UnauthorizedAccessException => $"cannot create its directory ({e.Message})",
            _ => e.Message,
        };
    }

    /// <summary>Releases the pooled connections of every database (so the file can be deleted or copied).</summary>
    public static void ClearPools() => SqliteConnection.ClearAllPools();

    private void CheckReadable()
    {
        if (!File.Exists(Path))
        {
            throw new CryptoSignalTracker.Core.Ports.StoreException($"SQLite database {Path}: no such file");
        }

        try
        {
            using var connection = Open();
            foreach (var table in new[] { "candles", "positions", "closed_trades", "macro_bias", "state" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT 1 FROM pragma_table_info('{table}') LIMIT 1";
                if (command.ExecuteScalar() is null)
                {
                    throw new CryptoSignalTracker.Core.Ports.StoreException($"SQLite database {Path}: has no table '{table}' (not a cst run's database)");
                }
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new CryptoSignalTracker.Core.Ports.StoreException($"SQLite database {Path}: {Describe(e)}", e);
        }
    }

    /// <summary>Files written before a column existed get it (NULL for the old rows: they never expire on their own).</summary>
    private static void AddColumnIfMissing(SqliteConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM pragma_table_info('{table}') WHERE name = $n";
        command.Parameters.AddWithValue("$n", column.Split(' ')[0]);
        if (command.ExecuteScalar() is null)
        {
            Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column}");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

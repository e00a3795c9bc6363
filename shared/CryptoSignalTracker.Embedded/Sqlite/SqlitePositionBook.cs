using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Data.Sqlite;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary>
/// <see cref="IPositionBook"/> in a <see cref="SqliteDatabase"/>: open positions in <c>positions</c>
/// (a partial unique index allows one MICRO row per symbol), closed ones in <c>closed_trades</c>. Open
/// and close run in <c>BEGIN IMMEDIATE</c> transactions, so parallel attempts serialise and exactly one wins.
/// </summary>
public sealed class SqlitePositionBook : IPositionBook, IClosedTradeLog
{
    private const string PositionColumns =
        "signal_id, symbol, side, kind, entry_time_ms, entry_price, stop_loss, take_profit, quantity, risk_amount, entry_fee";

    private const string ClosedColumns =
        "signal_id, symbol, side, kind, entry_time_ms, entry_price, exit_time_ms, exit_price, reason, quantity, fees, pnl, risk_amount";

    private readonly SqliteDatabase _database;

    /// <summary>Creates the book on <paramref name="database"/>.</summary>
    public SqlitePositionBook(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public Task<PositionOpenOutcome> TryOpenAsync(Position position, CancellationToken cancellationToken = default)
    {
        PositionGuard.Validate(position);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (Exists(connection, transaction, "positions", position.SignalId))
        {
            return Task.FromResult(PositionOpenOutcome.AlreadyOpen);
        }

        if (Exists(connection, transaction, "closed_trades", position.SignalId))
        {
            return Task.FromResult(PositionOpenOutcome.AlreadyClosed);
        }

        if (position.Kind == SignalKind.Micro)
        {
            using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT 1 FROM positions WHERE symbol = $symbol AND kind = 'MICRO'";
            check.Parameters.AddWithValue("$symbol", position.Symbol);
            if (check.ExecuteScalar() is not null)
            {
                return Task.FromResult(PositionOpenOutcome.Conflict);
            }
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO positions ({PositionColumns}) VALUES ($id, $symbol, $side, $kind, $t, $entry, $sl, $tp, $qty, $risk, $fee)";
        SqliteValues.Add(insert, "$id", position.SignalId);
        SqliteValues.Add(insert, "$symbol", position.Symbol);
        SqliteValues.Add(insert, "$side", WireNames.Of(position.Side));
        SqliteValues.Add(insert, "$kind", WireNames.Of(position.Kind));
        SqliteValues.Add(insert, "$t", position.EntryTimeMs);
        SqliteValues.Add(insert, "$entry", position.EntryPrice);
        SqliteValues.Add(insert, "$sl", position.StopLoss);
        SqliteValues.Add(insert, "$tp", position.TakeProfit);
        SqliteValues.Add(insert, "$qty", position.Quantity);
        SqliteValues.Add(insert, "$risk", position.RiskAmount);
        SqliteValues.Add(insert, "$fee", position.EntryFee);
        insert.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult(PositionOpenOutcome.Opened);
    }

    /// <inheritdoc />
    public Task<bool> TryCloseAsync(ClosedTrade trade, CancellationToken cancellationToken = default)
    {
        PositionGuard.Validate(trade);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM positions WHERE signal_id = $id";
        delete.Parameters.AddWithValue("$id", trade.SignalId);
        if (delete.ExecuteNonQuery() == 0)
        {
            return Task.FromResult(false);
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT OR REPLACE INTO closed_trades ({ClosedColumns}) VALUES ($id, $symbol, $side, $kind, $t, $entry, $xt, $exit, $reason, $qty, $fees, $pnl, $risk)";
        SqliteValues.Add(insert, "$id", trade.SignalId);
        SqliteValues.Add(insert, "$symbol", trade.Symbol);
        SqliteValues.Add(insert, "$side", WireNames.Of(trade.Side));
        SqliteValues.Add(insert, "$kind", WireNames.Of(trade.Kind));
        SqliteValues.Add(insert, "$t", trade.EntryTimeMs);
        SqliteValues.Add(insert, "$entry", trade.EntryPrice);
        SqliteValues.Add(insert, "$xt", trade.ExitTimeMs);
        SqliteValues.Add(insert, "$exit", trade.ExitPrice);
        SqliteValues.Add(insert, "$reason", WireNames.Of(trade.Reason));
        SqliteValues.Add(insert, "$qty", trade.Quantity);
        SqliteValues.Add(insert, "$fees", trade.Fees);
        SqliteValues.Add(insert, "$pnl", trade.Pnl);
        SqliteValues.Add(insert, "$risk", trade.RiskAmount);
        insert.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<Position?> GetOpenAsync(string signalId, CancellationToken cancellationToken = default)
    {
        StoreNames.Validate(signalId, nameof(signalId));
        var found = QueryPositions("WHERE signal_id = $p", signalId);
        return Task.FromResult(found.Count == 0 ? null : found[0]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Position>> ListOpenAsync(string? symbol = null, CancellationToken cancellationToken = default)
    {
        var list = symbol is null
            ? QueryPositions(string.Empty, null)
            : QueryPositions("WHERE symbol = $p", Symbols.Normalize(symbol));
        return Task.FromResult<IReadOnlyList<Position>>(list);
    }

    /// <inheritdoc />
    public Task<ClosedTrade?> GetClosedAsync(string signalId, CancellationToken cancellationToken = default)
    {
        StoreNames.Validate(signalId, nameof(signalId));
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ClosedColumns} FROM closed_trades WHERE signal_id = $id";
        command.Parameters.AddWithValue("$id", signalId);
        using var r = command.ExecuteReader();
        return Task.FromResult(r.Read() ? ReadClosed(r) : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ClosedTrade>> ListClosedAsync(long fromExitMs, long toExitMs, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ClosedColumns} FROM closed_trades WHERE exit_time_ms >= $from AND exit_time_ms < $to ORDER BY exit_time_ms, signal_id";
        command.Parameters.AddWithValue("$from", fromExitMs);
        command.Parameters.AddWithValue("$to", toExitMs);
        using var r = command.ExecuteReader();
        var list = new List<ClosedTrade>();
        while (r.Read())
        {
            list.Add(ReadClosed(r));
        }

        return Task.FromResult<IReadOnlyList<ClosedTrade>>(list);
    }

    private static ClosedTrade ReadClosed(SqliteDataReader r)
    {
        var record = $"closed_trades {r.GetValue(0)}";
        return SqliteValues.Decode(record, () => new ClosedTrade(
            SqliteValues.Text(r, 0, record),
            SqliteValues.Text(r, 1, record),
            WireNames.ParseDirection(SqliteValues.Text(r, 2, record)),
            StoredEnums.ParseKind(SqliteValues.Text(r, 3, record)),
            SqliteValues.Integer(r, 4, record),
            SqliteValues.Real(r, 5, record),
            SqliteValues.Integer(r, 6, record),
            SqliteValues.Real(r, 7, record),
            StoredEnums.ParseExitReason(SqliteValues.Text(r, 8, record)),
            SqliteValues.Real(r, 9, record),
            SqliteValues.Real(r, 10, record),
            SqliteValues.Real(r, 11, record),
            SqliteValues.Real(r, 12, record)));
    }

    private static bool Exists(SqliteConnection connection, SqliteTransaction transaction, string table, string signalId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT 1 FROM {table} WHERE signal_id = $id";
        command.Parameters.AddWithValue("$id", signalId);
        return command.ExecuteScalar() is not null;
    }

    private List<Position> QueryPositions(string where, string? parameter)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PositionColumns} FROM positions {where} ORDER BY entry_time_ms, signal_id";
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$p", parameter);
        }

        using var r = command.ExecuteReader();
        var list = new List<Position>();
        while (r.Read())
        {
            var record = $"positions {r.GetValue(0)}";
            list.Add(SqliteValues.Decode(record, () => new Position(
                SqliteValues.Text(r, 0, record),
                SqliteValues.Text(r, 1, record),
                WireNames.ParseDirection(SqliteValues.Text(r, 2, record)),
                StoredEnums.ParseKind(SqliteValues.Text(r, 3, record)),
                SqliteValues.Integer(r, 4, record),
                SqliteValues.Real(r, 5, record),
                SqliteValues.Real(r, 6, record),
                SqliteValues.Real(r, 7, record),
                SqliteValues.Real(r, 8, record),
                SqliteValues.Real(r, 9, record),
                SqliteValues.Real(r, 10, record))));
        }

        return list;
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>
/// <see cref="IPositionBook"/> on Firestore. Open positions are documents <c>positions/{signal id}</c>;
/// a MICRO position also holds the lock document <c>open_micro/{SYMBOL}</c> (field <c>signal_id</c>);
/// closing moves the position to <c>closed_positions/{signal id}</c>. Opening and closing are read-write
/// transactions (BeginTransaction, reads in the transaction, Commit) retried on ABORTED; the lock is
/// written with <c>exists=false</c> as a second guard. So of N parallel attempts to open a MICRO position
/// on one symbol, from any number of instances, exactly one commits.
/// </summary>
public sealed class FirestorePositionBook : IPositionBook, IClosedTradeLog
{
    private readonly FirestoreDatabase _database;

    /// <summary>Creates the book on <paramref name="database"/>.</summary>
    public FirestorePositionBook(FirestoreDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public Task<PositionOpenOutcome> TryOpenAsync(Position position, CancellationToken cancellationToken = default)
    {
        PositionGuard.Validate(position);
        var positionName = _database.DocumentName(FirestoreCollections.Positions, position.SignalId);
        var closedName = _database.DocumentName(FirestoreCollections.ClosedPositions, position.SignalId);
        var lockName = _database.DocumentName(FirestoreCollections.OpenMicro, position.Symbol);
        return _database.RunTransactionAsync(
            async (tx, token) =>
            {
                if (await tx.GetAsync(positionName, token).ConfigureAwait(false) is not null)
                {
                    return PositionOpenOutcome.AlreadyOpen;
                }

                if (await tx.GetAsync(closedName, token).ConfigureAwait(false) is not null)
                {
                    return PositionOpenOutcome.AlreadyClosed;
                }

                if (position.Kind == SignalKind.Micro)
                {
                    if (await tx.GetAsync(lockName, token).ConfigureAwait(false) is not null)
                    {
                        return PositionOpenOutcome.Conflict;
                    }

                    tx.Create(lockName, new Dictionary<string, Value> { ["signal_id"] = FirestoreFields.Of(position.SignalId) });
                }

                tx.Create(positionName, Encode(position));
                return PositionOpenOutcome.Opened;
            },
            $"opening position {position.SignalId}",
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryCloseAsync(ClosedTrade trade, CancellationToken cancellationToken = default)
    {
        PositionGuard.Validate(trade);
        var positionName = _database.DocumentName(FirestoreCollections.Positions, trade.SignalId);
        var closedName = _database.DocumentName(FirestoreCollections.ClosedPositions, trade.SignalId);
        return _database.RunTransactionAsync(
            async (tx, token) =>
            {
                var open = await tx.GetAsync(positionName, token).ConfigureAwait(false);
                if (open is null)
                {
                    return false;
                }

                var position = Decode(open);
                if (position.Kind == SignalKind.Micro)
                {
                    var lockName = _database.DocumentName(FirestoreCollections.OpenMicro, position.Symbol);
                    var held = await tx.GetAsync(lockName, token).ConfigureAwait(false);
                    if (held is not null && FirestoreFields.String(held, "signal_id") == position.SignalId)
                    {
                        tx.Delete(lockName);
                    }
                }

                tx.Delete(positionName);
                tx.Set(closedName, Encode(trade));
                return true;
            },
            $"closing position {trade.SignalId}",
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Position?> GetOpenAsync(string signalId, CancellationToken cancellationToken = default)
    {
        var document = await _database.ReadAsync(_database.DocumentName(FirestoreCollections.Positions, signalId), cancellationToken).ConfigureAwait(false);
        return document is null ? null : Decode(document);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Position>> ListOpenAsync(string? symbol = null, CancellationToken cancellationToken = default)
    {
        var documents = symbol is null
            ? await _database.QueryAsync(null, FirestoreCollections.Positions, null, null, cancellationToken).ConfigureAwait(false)
            : await _database.QueryAsync(null, FirestoreCollections.Positions, "symbol", FirestoreFields.Of(Symbols.Normalize(symbol)), cancellationToken).ConfigureAwait(false);
        return documents.Select(Decode)
            .OrderBy(p => p.EntryTimeMs)
            .ThenBy(p => p.SignalId, StringComparer.Ordinal)
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<ClosedTrade?> GetClosedAsync(string signalId, CancellationToken cancellationToken = default)
    {
        var d = await _database.ReadAsync(_database.DocumentName(FirestoreCollections.ClosedPositions, signalId), cancellationToken).ConfigureAwait(false);
        return d is null ? null : DecodeClosed(d);
    }

    /// <inheritdoc />
    /// <remarks>Reads the whole <c>closed_positions</c> collection and filters here (one trade per signal: small next to the candles).</remarks>
    public async Task<IReadOnlyList<ClosedTrade>> ListClosedAsync(long fromExitMs, long toExitMs, CancellationToken cancellationToken = default)
    {
        var documents = await _database.QueryAsync(null, FirestoreCollections.ClosedPositions, null, null, cancellationToken).ConfigureAwait(false);
        return documents.Select(DecodeClosed)
            .Where(t => t.ExitTimeMs >= fromExitMs && t.ExitTimeMs < toExitMs)
            .OrderBy(t => t.ExitTimeMs)
            .ThenBy(t => t.SignalId, StringComparer.Ordinal)
            .ToArray();
    }

    private static ClosedTrade DecodeClosed(Document d) =>
        FirestoreFields.Decode(d, () => new ClosedTrade(
            FirestoreFields.String(d, "signal_id"),
            FirestoreFields.String(d, "symbol"),
            WireNames.ParseDirection(FirestoreFields.String(d, "side")),
            StoredEnums.ParseKind(FirestoreFields.String(d, "kind")),
            FirestoreFields.Integer(d, "entry_time_ms"),
            FirestoreFields.Number(d, "entry_price"),
            FirestoreFields.Integer(d, "exit_time_ms"),
            FirestoreFields.Number(d, "exit_price"),
            StoredEnums.ParseExitReason(FirestoreFields.String(d, "reason")),
            FirestoreFields.Number(d, "quantity"),
            FirestoreFields.Number(d, "fees"),
            FirestoreFields.Number(d, "pnl"),
            FirestoreFields.Number(d, "risk_amount")));

    private static Dictionary<string, Value> Encode(Position p) => new()
    {
        ["signal_id"] = FirestoreFields.Of(p.SignalId),
        ["symbol"] = FirestoreFields.Of(p.Symbol),
        ["side"] = FirestoreFields.Of(WireNames.Of(p.Side)),
        ["kind"] = FirestoreFields.Of(WireNames.Of(p.Kind)),
        ["entry_time_ms"] = FirestoreFields.Of(p.EntryTimeMs),
        ["entry_price"] = FirestoreFields.Of(p.EntryPrice),
        ["stop_loss"] = FirestoreFields.Of(p.StopLoss),
        ["take_profit"] = FirestoreFields.Of(p.TakeProfit),
        ["quantity"] = FirestoreFields.Of(p.Quantity),
        ["risk_amount"] = FirestoreFields.Of(p.RiskAmount),
        ["entry_fee"] = FirestoreFields.Of(p.EntryFee),
    };

    private static Dictionary<string, Value> Encode(ClosedTrade t) => new()
    {
        ["signal_id"] = FirestoreFields.Of(t.SignalId),
        ["symbol"] = FirestoreFields.Of(t.Symbol),
        ["side"] = FirestoreFields.Of(WireNames.Of(t.Side)),
        ["kind"] = FirestoreFields.Of(WireNames.Of(t.Kind)),
        ["entry_time_ms"] = FirestoreFields.Of(t.EntryTimeMs),
        ["entry_price"] = FirestoreFields.Of(t.EntryPrice),
        ["exit_time_ms"] = FirestoreFields.Of(t.ExitTimeMs),
        ["exit_price"] = FirestoreFields.Of(t.ExitPrice),
        ["reason"] = FirestoreFields.Of(WireNames.Of(t.Reason)),
        ["quantity"] = FirestoreFields.Of(t.Quantity),
        ["fees"] = FirestoreFields.Of(t.Fees),
        ["pnl"] = FirestoreFields.Of(t.Pnl),
        ["risk_amount"] = FirestoreFields.Of(t.RiskAmount),
    };

    private static Position Decode(Document d) => FirestoreFields.Decode(d, () => new Position(
        FirestoreFields.String(d, "signal_id"),
        FirestoreFields.String(d, "symbol"),
        WireNames.ParseDirection(FirestoreFields.String(d, "side")),
        StoredEnums.ParseKind(FirestoreFields.String(d, "kind")),
        FirestoreFields.Integer(d, "entry_time_ms"),
        FirestoreFields.Number(d, "entry_price"),
        FirestoreFields.Number(d, "stop_loss"),
        FirestoreFields.Number(d, "take_profit"),
        FirestoreFields.Number(d, "quantity"),
        FirestoreFields.Number(d, "risk_amount"),
        FirestoreFields.Number(d, "entry_fee")));
}

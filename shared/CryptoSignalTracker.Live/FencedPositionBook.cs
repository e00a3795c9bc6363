using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The position book as the leased LogicEngine sees it: before every open or close the holding is checked against the
/// lease (<see cref="WriterLease.CheckFenceAsync"/>), so an instance that lost the lease writes no position; reads go to
/// the book as they are.
/// </summary>
public sealed class FencedPositionBook : IPositionBook
{
    private readonly IPositionBook _inner;
    private readonly WriterLease _lease;

    /// <summary>Wraps <paramref name="inner"/>, fencing its writes with <paramref name="lease"/>.</summary>
    public FencedPositionBook(IPositionBook inner, WriterLease lease)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _lease = lease ?? throw new ArgumentNullException(nameof(lease));
    }

    /// <inheritdoc />
    /// <exception cref="LeaseNotHeldException">This instance no longer holds the lease: nothing was written.</exception>
    public async Task<PositionOpenOutcome> TryOpenAsync(Position position, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(position);
        await _lease.CheckFenceAsync($"opening position {position.SignalId}", cancellationToken).ConfigureAwait(false);
        return await _inner.TryOpenAsync(position, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="LeaseNotHeldException">This instance no longer holds the lease: nothing was written.</exception>
    public async Task<bool> TryCloseAsync(ClosedTrade trade, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trade);
        await _lease.CheckFenceAsync($"closing position {trade.SignalId}", cancellationToken).ConfigureAwait(false);
        return await _inner.TryCloseAsync(trade, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<Position?> GetOpenAsync(string signalId, CancellationToken cancellationToken = default) => _inner.GetOpenAsync(signalId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Position>> ListOpenAsync(string? symbol = null, CancellationToken cancellationToken = default) => _inner.ListOpenAsync(symbol, cancellationToken);

    /// <inheritdoc />
    public Task<ClosedTrade?> GetClosedAsync(string signalId, CancellationToken cancellationToken = default) => _inner.GetClosedAsync(signalId, cancellationToken);
}

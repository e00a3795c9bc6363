using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// Reads the closed trades a position book recorded (<see cref="IPositionBook.TryCloseAsync"/>): the outcomes of the
/// signals, for what only looks (the dashboard). Read-only.
/// </summary>
public interface IClosedTradeLog
{
    /// <summary>
    /// The closed trades whose exit time lies in [<paramref name="fromExitMs"/>, <paramref name="toExitMs"/>) (Unix ms),
    /// ordered by exit time, then signal id.
    /// </summary>
    Task<IReadOnlyList<ClosedTrade>> ListClosedAsync(long fromExitMs, long toExitMs, CancellationToken cancellationToken = default);
}

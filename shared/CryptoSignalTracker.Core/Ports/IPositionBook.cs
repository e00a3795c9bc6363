using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// The open paper positions, shared by every instance of the pipeline. Opening is atomic across
/// processes: at most one MICRO position is open per symbol, so of N parallel attempts to open a MICRO
/// position on one symbol exactly one wins. SWING positions are not limited by this rule.
/// </summary>
public interface IPositionBook
{
    /// <summary>
    /// Opens <paramref name="position"/> unless that would break the rule. Opening the same position
    /// (same signal id) again is reported as <see cref="PositionOpenOutcome.AlreadyOpen"/>, which makes
    /// redelivered signals harmless.
    /// </summary>
    Task<PositionOpenOutcome> TryOpenAsync(Position position, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes the open position <paramref name="trade"/> refers to (by signal id) and records the closed
    /// trade. Returns false when no such position is open (already closed, or never opened).
    /// </summary>
    Task<bool> TryCloseAsync(ClosedTrade trade, CancellationToken cancellationToken = default);

    /// <summary>The open position with signal id <paramref name="signalId"/>, or null.</summary>
    Task<Position?> GetOpenAsync(string signalId, CancellationToken cancellationToken = default);

    /// <summary>Every open position, or only those of <paramref name="symbol"/>; ordered by entry time, then id.</summary>
    Task<IReadOnlyList<Position>> ListOpenAsync(string? symbol = null, CancellationToken cancellationToken = default);

    /// <summary>The closed trade recorded for <paramref name="signalId"/>, or null.</summary>
    Task<ClosedTrade?> GetClosedAsync(string signalId, CancellationToken cancellationToken = default);
}

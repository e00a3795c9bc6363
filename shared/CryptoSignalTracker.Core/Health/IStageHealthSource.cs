namespace CryptoSignalTracker.Core.Health;

/// <summary>
/// Where the dashboard reads the stages' health records. <see cref="StageHealthStore"/> reads them through the state-store
/// port, so the same class serves the embedded backend (SQLite <c>state</c> table) and Firestore (<c>state/stage-health/entries/…</c>).
/// </summary>
public interface IStageHealthSource
{
    /// <summary>Every stored stage record, ordered by stage name (ordinal); stages that never wrote one are absent.</summary>
    Task<IReadOnlyList<StageHeartbeat>> ReadAsync(CancellationToken cancellationToken = default);
}

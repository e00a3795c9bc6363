using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Core.Health;

/// <summary>
/// The stages' health records in the state store (<see cref="IStateStore"/>): collection <see cref="Collection"/>, one
/// entry per stage. Kept for good (not in <see cref="StateRetention"/>): five small entries.
/// </summary>
public sealed class StageHealthStore : IStageHealthSource
{
    /// <summary>The state collection: <c>stage-health</c>.</summary>
    public const string Collection = "stage-health";

    private readonly IStateStore _state;

    /// <summary>Creates the store over <paramref name="state"/>.</summary>
    public StageHealthStore(IStateStore state)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StageHeartbeat>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var entries = await _state.ListAsync(Collection, cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => StageHeartbeat.FromJson(e.Value, $"{Collection}/{e.Key}"))];
    }

    /// <summary>The record of <paramref name="stage"/>, or null.</summary>
    public async Task<StageHeartbeat?> ReadAsync(string stage, CancellationToken cancellationToken = default)
    {
        var text = await _state.GetAsync(Collection, stage, cancellationToken).ConfigureAwait(false);
        return text is null ? null : StageHeartbeat.FromJson(text, $"{Collection}/{stage}");
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to the stored record of its stage (creating it): counts summed, times the newer, the
    /// note replaced when given. One read and one write; two writers of one stage at the same instant can lose one's counts
    /// (last write wins), which the per-process coalescing of <see cref="StageHeartbeatRecorder"/> makes rare.
    /// </summary>
    public async Task<StageHeartbeat> AddAsync(StageHeartbeat delta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delta);
        StoreNames.Validate(delta.Stage, "stage");
        var old = await ReadAsync(delta.Stage, cancellationToken).ConfigureAwait(false);
        var merged = old is null ? delta : new StageHeartbeat(
            delta.Stage,
            Max(old.LastEventMs, delta.LastEventMs),
            Max(old.ExchangeTimeMs, delta.ExchangeTimeMs),
            old.Events + delta.Events,
            old.DeadLetters + delta.DeadLetters,
            old.Rejected + delta.Rejected,
            old.Corrections + delta.Corrections,
            Max(old.LastDeadLetterMs, delta.LastDeadLetterMs),
            delta.Note ?? old.Note,
            Math.Max(old.UpdatedMs, delta.UpdatedMs));
        await _state.PutAsync(Collection, delta.Stage, merged.ToJson(), cancellationToken).ConfigureAwait(false);
        return merged;
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}

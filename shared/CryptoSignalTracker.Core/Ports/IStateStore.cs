namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// A small document store for bot and service state that has no port of its own (allow-listed chats,
/// subscriptions, single-use invite codes, ...): string values under (collection, key), where the
/// caller chooses the value's format (usually JSON). Collections and keys: 1-100 characters of letters,
/// digits, <c>-</c>, <c>_</c> and <c>.</c> (not starting with <c>.</c> or <c>__</c>), the subset every
/// backend accepts as a name.
/// </summary>
public interface IStateStore
{
    /// <summary>The value under (<paramref name="collection"/>, <paramref name="key"/>), or null.</summary>
    Task<string?> GetAsync(string collection, string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/>, replacing any previous value.</summary>
    Task PutAsync(string collection, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> only if the key is absent. True when this call created it.</summary>
    Task<bool> TryCreateAsync(string collection, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the key. True when this call deleted it, false when it was absent. On Firestore a retried delete whose first
    /// answer was lost reports false although it was applied: where the answer decides something, use <see cref="TryConsumeAsync"/>.
    /// </summary>
    Task<bool> TryDeleteAsync(string collection, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the key as its one consumer (an invite code): true for exactly one caller, however many try at once, also
    /// when the delete had to be retried after its applied first attempt's answer was lost. Where a store cannot lose an
    /// answer this is <see cref="TryDeleteAsync"/>; Firestore writes a receipt in the same commit (one more write).
    /// </summary>
    Task<bool> TryConsumeAsync(string collection, string key, CancellationToken cancellationToken = default) =>
        TryDeleteAsync(collection, key, cancellationToken);

    /// <summary>
    /// Adds one to the counter under (<paramref name="collection"/>, <paramref name="key"/>) (absent counts as 0,
    /// stored as a decimal string) unless it has already reached <paramref name="limit"/>. True when this call counted.
    /// Atomic on every backend: of any number of concurrent callers, only as many succeed as the limit leaves room for
    /// (a rate limit that checks first and records later lets a burst through).
    /// </summary>
    Task<bool> TryIncrementAsync(string collection, string key, long limit, CancellationToken cancellationToken = default);

    /// <summary>Every (key, value) of <paramref name="collection"/>, ordered by key (ordinal).</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string collection, CancellationToken cancellationToken = default);
}

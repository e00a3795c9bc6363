using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The state store as the leased LogicEngine sees it: every <see cref="PutAsync"/> (the watermark, the journal) is a
/// fenced write under the <see cref="WriterLease"/>, refused atomically when another instance has taken the lease; reads,
/// create-once, counters and deletes go to the store as they are.
/// </summary>
public sealed class FencedStateStore : IStateStore
{
    private readonly IStateStore _inner;
    private readonly WriterLease _lease;

    /// <summary>Wraps <paramref name="inner"/>, fencing its writes with <paramref name="lease"/>.</summary>
    public FencedStateStore(IStateStore inner, WriterLease lease)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _lease = lease ?? throw new ArgumentNullException(nameof(lease));
    }

    /// <inheritdoc />
    public Task<string?> GetAsync(string collection, string key, CancellationToken cancellationToken = default) => _inner.GetAsync(collection, key, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="LeaseNotHeldException">The write was refused: this instance no longer holds the lease.</exception>
    public Task PutAsync(string collection, string key, string value, CancellationToken cancellationToken = default) =>
        _lease.PutFencedAsync(collection, key, value, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryCreateAsync(string collection, string key, string value, CancellationToken cancellationToken = default) =>
        _inner.TryCreateAsync(collection, key, value, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryDeleteAsync(string collection, string key, CancellationToken cancellationToken = default) =>
        _inner.TryDeleteAsync(collection, key, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryConsumeAsync(string collection, string key, CancellationToken cancellationToken = default) =>
        _inner.TryConsumeAsync(collection, key, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryIncrementAsync(string collection, string key, long limit, CancellationToken cancellationToken = default) =>
        _inner.TryIncrementAsync(collection, key, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string collection, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(collection, cancellationToken);
}

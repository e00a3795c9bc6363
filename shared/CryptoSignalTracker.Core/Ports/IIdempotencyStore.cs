namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// Create-if-absent markers that make at-least-once delivery safe: the first caller to claim a key in a
/// scope wins, every later (or parallel) claim of the same key is told it is already taken.
/// Typical scopes: <see cref="IdempotencyScopes.EmittedSignals"/> (signal ids already published),
/// <see cref="IdempotencyScopes.Alerts"/> (signal ids already alerted).
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> in <paramref name="scope"/>. True when this call created the
    /// marker, false when it was already there.
    /// </summary>
    Task<bool> TryClaimAsync(string scope, string key, CancellationToken cancellationToken = default);

    /// <summary>True when <paramref name="key"/> has been claimed in <paramref name="scope"/>.</summary>
    Task<bool> IsClaimedAsync(string scope, string key, CancellationToken cancellationToken = default);
}

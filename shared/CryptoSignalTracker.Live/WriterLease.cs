using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live;

/// <summary>
/// This instance's holding of the single-writer lease: taken or renewed before an event is decided (once half of it
/// has passed), and the token every fenced write carries. Not thread-safe: <see cref="LeasedLiveEngine"/> serialises
/// calls.
/// </summary>
public sealed class WriterLease
{
    private readonly IWriterLeaseStore _store;
    private readonly WriterLeaseOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the holder; nothing is acquired until <see cref="EnsureHeldAsync"/>.</summary>
    public WriterLease(IWriterLeaseStore store, WriterLeaseOptions options, TimeProvider? timeProvider = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The current holding, or null when this instance holds none.</summary>
    public WriterLeaseGrant? Current { get; private set; }

    /// <summary>
    /// Holds the lease: renews it once half its duration has passed (or takes it when not held).
    /// Returns the holding's token.
    /// </summary>
    /// <exception cref="LeaseNotHeldException">Another instance holds it.</exception>
    public async Task<long> EnsureHeldAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (Current is { } held && held.ExpiresAtMs - now > (long)(_options.Duration.TotalMilliseconds / 2))
        {
            return held.Token;
        }

        Current = await _store.TryAcquireAsync(_options.Name, _options.Holder, _options.Duration, cancellationToken).ConfigureAwait(false);
        return Current?.Token ?? throw new LeaseNotHeldException(
            $"lease '{_options.Name}' is held by another instance; {_options.Holder} decides nothing until it holds it (retry later)");
    }

    /// <summary>Writes a state entry under the current holding, atomically refused when the holding is no longer the lease's.</summary>
    /// <exception cref="LeaseNotHeldException">Not held, or refused (this instance then holds nothing).</exception>
    public async Task PutFencedAsync(string collection, string key, string value, CancellationToken cancellationToken)
    {
        var grant = Current ?? throw new LeaseNotHeldException($"write of {collection}/{key} without holding lease '{_options.Name}'");
        if (!await _store.TryPutFencedAsync(grant, collection, key, value, cancellationToken).ConfigureAwait(false))
        {
            Current = null;
            throw new LeaseNotHeldException(
                $"write of {collection}/{key} refused: lease '{_options.Name}' token {grant.Token} of {_options.Holder} is no longer current (another instance took over, or it expired)");
        }
    }

    /// <summary>The state collection of the fence marks (<see cref="CheckFenceAsync"/>), one entry per lease.</summary>
    public const string FenceCollection = "lease-fences";

    /// <summary>
    /// Checks, atomically against the lease, that this holding is still the lease's, by a fenced write of the holding's
    /// token to <see cref="FenceCollection"/>: called right before a position write or a publish, so a stale writer's write
    /// is refused once another instance has taken over.
    /// </summary>
    /// <exception cref="LeaseNotHeldException">Not held, or another instance holds it now (this instance then holds nothing).</exception>
    public async Task CheckFenceAsync(string what, CancellationToken cancellationToken)
    {
        var grant = Current ?? throw new LeaseNotHeldException($"{what} without holding lease '{_options.Name}'");
        var token = grant.Token.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!await _store.TryPutFencedAsync(grant, FenceCollection, _options.Name, token, cancellationToken).ConfigureAwait(false))
        {
            Current = null;
            throw new LeaseNotHeldException(
                $"{what} refused: lease '{_options.Name}' token {grant.Token} of {_options.Holder} is no longer current (another instance took over, or it expired)");
        }
    }

    /// <summary>Ends the holding (a clean shutdown), so another instance can take over at once.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Current is { } grant)
        {
            Current = null;
            await _store.ReleaseAsync(grant, cancellationToken).ConfigureAwait(false);
        }
    }
}

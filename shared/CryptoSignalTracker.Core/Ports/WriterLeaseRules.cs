namespace CryptoSignalTracker.Core.Ports;

/// <summary>The rules every <see cref="IWriterLeaseStore"/> applies inside its transaction, so the backends agree.</summary>
public static class WriterLeaseRules
{
    /// <summary>Checks the arguments of an acquire; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static void Validate(string lease, string holder, TimeSpan duration)
    {
        StoreNames.Validate(lease, nameof(lease));
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        if (duration <= TimeSpan.Zero || duration > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"a lease lasts more than 0 and at most 1 hour, was {duration}", nameof(duration));
        }
    }

    /// <summary>
    /// The holding to store after an acquire at <paramref name="nowMs"/> given the stored <paramref name="current"/> one:
    /// a renewal (same token) when <paramref name="holder"/> holds it unexpired, a new holding (token + 1) when it is
    /// absent or expired, null when another holder holds it unexpired.
    /// </summary>
    public static WriterLeaseGrant? Next(WriterLeaseGrant? current, string lease, string holder, TimeSpan duration, long nowMs)
    {
        var expires = nowMs + (long)duration.TotalMilliseconds;
        if (current is null)
        {
            return new WriterLeaseGrant(lease, holder, 1, expires);
        }

        if (current.ExpiresAtMs > nowMs)
        {
            return current.Holder == holder ? current with { ExpiresAtMs = expires } : null;
        }

        return new WriterLeaseGrant(lease, holder, current.Token + 1, expires);
    }

    /// <summary>
    /// True when <paramref name="grant"/> is still the stored holding <paramref name="current"/>: same token and holder.
    /// The token decides, not the clock: a holding that expired with nobody taking over may still write (nobody else
    /// can have written since), and once another holder takes over (token + 1) every write under the old token is refused.
    /// </summary>
    public static bool IsCurrent(WriterLeaseGrant? current, WriterLeaseGrant grant) =>
        current is not null && current.Token == grant.Token && current.Holder == grant.Holder;
}

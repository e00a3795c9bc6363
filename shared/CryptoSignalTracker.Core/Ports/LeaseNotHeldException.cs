namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// This instance does not hold the single-writer lease it needs (another instance holds it, or this instance's holding
/// ended and a write under it was refused). Retryable: the event is answered so that it is delivered again later, when
/// this instance may hold the lease.
/// </summary>
public sealed class LeaseNotHeldException : Exception
{
    /// <summary>Creates the exception with a message naming the lease and its holder.</summary>
    public LeaseNotHeldException(string message)
        : base(message)
    {
    }
}

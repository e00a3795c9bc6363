namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// Thrown by a message handler for a message it can never process (e.g. a malformed payload): the bus
/// dead-letters it at once instead of redelivering it.
/// </summary>
public sealed class UnprocessableMessageException : Exception
{
    /// <summary>Creates the exception with a reason naming what was wrong.</summary>
    public UnprocessableMessageException(string reason, Exception? innerException = null)
        : base(reason, innerException)
    {
    }
}

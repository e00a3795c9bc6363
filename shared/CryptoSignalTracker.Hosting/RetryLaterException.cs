namespace CryptoSignalTracker.Hosting;

/// <summary>
/// Thrown by a function for an event that cannot be handled yet but will be later (e.g. its predecessors have
/// not arrived): the host answers 503 and logs a warning, not an error, so Pub/Sub redelivers it with backoff.
/// </summary>
public class RetryLaterException : Exception
{
    /// <summary>Creates the exception saying what is awaited.</summary>
    public RetryLaterException(string message)
        : base(message)
    {
    }
}

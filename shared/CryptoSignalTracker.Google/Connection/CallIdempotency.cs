namespace CryptoSignalTracker.Google.Connection;

/// <summary>Whether a call may safely run twice, which decides whether ABORTED is retried.</summary>
public enum CallIdempotency
{
    /// <summary>Retry only UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED.</summary>
    Default = 0,

    /// <summary>The call is idempotent: also retry ABORTED (e.g. a contended read).</summary>
    Idempotent = 1,
}

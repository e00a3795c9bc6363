namespace CryptoSignalTracker.Google.Connection;

/// <summary>Whether a call may safely run twice, which decides whether ABORTED is retried.</summary>
public enum CallIdempotency
{
    /// <summary>Retry only UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED.</summary>
    Default = 0,

    /// <summary>The call is idempotent: also retry ABORTED (e.g. a contended read).</summary>
    Idempotent = 1,

    /// <summary>
    /// Never retried here: a lost answer leaves the outcome unknown and the caller finds it out (a transactional commit,
    /// which cannot be sent again once the transaction has ended).
    /// </summary>
    Once = 2,
}

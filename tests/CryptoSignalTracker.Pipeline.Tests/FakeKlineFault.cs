namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>How the fake Bybit's kline endpoint misbehaves for one request (Bybit's documented failure shapes).</summary>
public enum FakeKlineFault
{
    /// <summary>HTTP 429 with an <c>X-Bapi-Limit-Reset-Timestamp</c> header 50 ms ahead.</summary>
    TooManyRequests,

    /// <summary>HTTP 200 with retCode 10006 "Too many visits!" and the reset header.</summary>
    TooManyVisits,

    /// <summary>The connection is cut without an answer.</summary>
    DropConnection,
}

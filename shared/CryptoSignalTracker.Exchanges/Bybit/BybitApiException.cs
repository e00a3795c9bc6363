namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>
/// Bybit answered a REST request with a non-zero <c>retCode</c> (the message names the request, code and retMsg).
/// An <see cref="HttpRequestException"/>, so callers that treat any failed request alike keep doing so.
/// </summary>
public sealed class BybitApiException : HttpRequestException
{
    /// <summary>retCode 10006 "Too many visits": the per-endpoint limit.</summary>
    public const int TooManyVisits = 10006;

    /// <summary>retCode 10429: system-level frequency protection.</summary>
    public const int SystemFrequencyProtection = 10429;

    /// <summary>retCode 10001: a parameter error, e.g. a symbol Bybit does not list.</summary>
    public const int ParameterError = 10001;

    /// <summary>retCode 10016: server error or restarting (worth a retry).</summary>
    public const int ServerError = 10016;

    /// <summary>Creates the exception for <paramref name="retCode"/>.</summary>
    public BybitApiException(int retCode, string message)
        : base(message)
    {
        RetCode = retCode;
    }

    /// <summary>Bybit's retCode (0 when the request succeeded but the answer lacked what was asked for).</summary>
    public int RetCode { get; }

    /// <summary>Whether the code says "too frequent": wait and retry.</summary>
    public bool IsRateLimit => RetCode is TooManyVisits or SystemFrequencyProtection;
}

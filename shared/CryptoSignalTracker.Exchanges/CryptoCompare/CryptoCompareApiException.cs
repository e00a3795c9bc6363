namespace CryptoSignalTracker.Exchanges.CryptoCompare;

/// <summary>
/// CryptoCompare answered its error shape <c>{"Response":"Error","Message":…,"ParamWithError"?:…}</c> (it does so with
/// HTTP 200, so the status alone says nothing).
/// </summary>
public sealed class CryptoCompareApiException : Exception
{
    /// <summary>Creates the exception for <paramref name="market"/> with CryptoCompare's <paramref name="apiMessage"/>.</summary>
    public CryptoCompareApiException(CryptoCompareMarket market, string apiMessage, string? paramWithError)
        : base($"CryptoCompare history for {market} answered error: {apiMessage}{(paramWithError is null ? "" : $" (parameter {paramWithError})")}")
    {
        Market = market;
        ApiMessage = apiMessage;
        ParamWithError = paramWithError;
    }

    /// <summary>The market that was requested.</summary>
    public CryptoCompareMarket Market { get; }

    /// <summary>CryptoCompare's <c>Message</c>, as sent.</summary>
    public string ApiMessage { get; }

    /// <summary>CryptoCompare's <c>ParamWithError</c>, when it named one.</summary>
    public string? ParamWithError { get; }
}

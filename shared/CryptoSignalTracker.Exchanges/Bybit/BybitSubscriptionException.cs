namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>Bybit refused a subscription (<c>success:false</c>); retrying the same request cannot help.</summary>
public sealed class BybitSubscriptionException : Exception
{
    /// <summary>Creates the exception with Bybit's <c>ret_msg</c>.</summary>
    public BybitSubscriptionException(string message)
        : base(message)
    {
    }
}

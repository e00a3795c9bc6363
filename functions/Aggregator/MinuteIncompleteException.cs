namespace CryptoSignalTracker.Functions.Aggregator;

/// <summary>A minute-closed marker arrived before all its batches were stored (or while another delivery publishes the candle): retry later.</summary>
public sealed class MinuteIncompleteException : CryptoSignalTracker.Hosting.RetryLaterException
{
    /// <summary>Creates the exception saying what is missing.</summary>
    public MinuteIncompleteException(string message)
        : base(message)
    {
    }
}

namespace CryptoSignalTracker.Exchanges.Kraken;

/// <summary>Kraken answered HTTP 200 with a non-empty <c>error</c> array (e.g. <c>EQuery:Unknown asset pair</c>).</summary>
public sealed class KrakenApiException : Exception
{
    /// <summary>Creates the exception for <paramref name="pair"/> with Kraken's <paramref name="errors"/>.</summary>
    public KrakenApiException(string pair, IReadOnlyList<string> errors)
        : base($"Kraken OHLC for pair {pair} answered error: {string.Join("; ", errors)}")
    {
        Pair = pair;
        Errors = errors;
    }

    /// <summary>The pair that was requested.</summary>
    public string Pair { get; }

    /// <summary>Kraken's error strings, as sent.</summary>
    public IReadOnlyList<string> Errors { get; }
}

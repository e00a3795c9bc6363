namespace CryptoSignalTracker.Exchanges.Macro;

/// <summary>Neither Kraken nor CryptoCompare gave a symbol's candles; the message says what each answered.</summary>
public sealed class MacroCandlesUnavailableException : Exception
{
    /// <summary>Creates the exception for <paramref name="symbol"/>.</summary>
    public MacroCandlesUnavailableException(string symbol, string krakenError, string cryptoCompareError)
        : base($"no candles for {symbol}: Kraken: {krakenError}; CryptoCompare: {cryptoCompareError}")
    {
        Symbol = symbol;
        KrakenError = krakenError;
        CryptoCompareError = cryptoCompareError;
    }

    /// <summary>The Bybit symbol.</summary>
    public string Symbol { get; }

    /// <summary>What Kraken answered.</summary>
    public string KrakenError { get; }

    /// <summary>What CryptoCompare answered.</summary>
    public string CryptoCompareError { get; }
}

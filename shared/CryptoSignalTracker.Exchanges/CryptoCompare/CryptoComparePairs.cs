using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.CryptoCompare;

/// <summary>
/// Bybit USDT perpetual → CryptoCompare market: the coin before <c>USDT</c> priced in <c>USDT</c> (BTCUSDT → BTC/USDT,
/// DOGEUSDT → DOGE/USDT). CryptoCompare's default exchange is its cross-exchange index <c>CCCAGG</c>, which converts
/// through another currency when it has no direct USDT market (<c>tryConversion</c> defaults to true).
/// </summary>
public static class CryptoComparePairs
{
    private const string Quote = "USDT";
    private const string BybitMultiplierPrefix = "1000";

    /// <summary>The market for the Bybit <paramref name="symbol"/>.</summary>
    /// <exception cref="FormatException">
    /// The symbol is malformed, is not quoted in USDT, or is one of Bybit's multiplied contracts (<c>1000PEPEUSDT</c>:
    /// its price is 1000 coins', so CryptoCompare's coin price would be wrong by that factor).
    /// </exception>
    public static CryptoCompareMarket For(string symbol)
    {
        var s = Symbols.Normalize(symbol);
        if (!s.EndsWith(Quote, StringComparison.Ordinal) || s.Length == Quote.Length)
        {
            throw new FormatException($"no CryptoCompare market for {s}: only USDT symbols (e.g. BTCUSDT) are mapped");
        }

        var coin = s[..^Quote.Length];
        if (coin.StartsWith(BybitMultiplierPrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"no CryptoCompare market for {s}: Bybit's multiplied contracts ({BybitMultiplierPrefix}…) are priced per many coins");
        }

        return new CryptoCompareMarket(coin, Quote);
    }
}

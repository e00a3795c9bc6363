using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Kraken;

/// <summary>
/// Bybit symbol → Kraken spot pair (USDT quote) for the OHLC request. Kraken calls bitcoin <c>XBT</c> and dogecoin
/// <c>XDG</c>; every other default symbol is assumed to be listed under the same name.
/// </summary>
/// <remarks>
/// Not verified against Kraken here (no access to the live API when this was written): all nine are assumptions
/// from Kraken's asset naming. <c>XBTUSDT</c>, <c>ETHUSDT</c>, <c>SOLUSDT</c>, <c>XRPUSDT</c>, <c>ADAUSDT</c> and
/// <c>LINKUSDT</c> are long-standing Kraken USDT pairs; <c>XDGUSDT</c>, <c>SUIUSDT</c> and <c>SEIUSDT</c> are the least
/// certain. A wrong name shows up as Kraken's <c>EQuery:Unknown asset pair</c> for that symbol only. The response key
/// may be Kraken's canonical name (e.g. <c>XXBTZUSD</c>), which <see cref="KrakenOhlcClient"/> handles.
/// </remarks>
public static class KrakenPairs
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["BTCUSDT"] = "XBTUSDT",
        ["DOGEUSDT"] = "XDGUSDT",
    };

    /// <summary>The Kraken pair for the Bybit <paramref name="symbol"/> (e.g. BTCUSDT → XBTUSDT, ETHUSDT → ETHUSDT).</summary>
    /// <exception cref="FormatException">The symbol is malformed.</exception>
    public static string For(string symbol)
    {
        var s = Symbols.Normalize(symbol);
        return Renamed.TryGetValue(s, out var pair) ? pair : s;
    }
}

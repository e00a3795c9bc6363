namespace CryptoSignalTracker.Exchanges.CryptoCompare;

/// <summary>A CryptoCompare market: <c>fsym</c> (the coin) priced in <c>tsym</c>, e.g. BTC in USDT.</summary>
/// <param name="From">The coin, <c>fsym</c> (e.g. <c>BTC</c>).</param>
/// <param name="To">The quote currency, <c>tsym</c> (e.g. <c>USDT</c>).</param>
public sealed record CryptoCompareMarket(string From, string To)
{
    /// <summary><c>BTC/USDT</c>.</summary>
    public override string ToString() => $"{From}/{To}";
}

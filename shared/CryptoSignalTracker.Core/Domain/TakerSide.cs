namespace CryptoSignalTracker.Core.Domain;

/// <summary>The side of the taker (aggressor) of a trade: <see cref="Buy"/> lifted an ask, <see cref="Sell"/> hit a bid.</summary>
public enum TakerSide : byte
{
    /// <summary>The aggressor bought (Bybit <c>"Buy"</c>; Binance <c>is_buyer_maker=false</c>).</summary>
    Buy = 1,

    /// <summary>The aggressor sold (Bybit <c>"Sell"</c>; Binance <c>is_buyer_maker=true</c>).</summary>
    Sell = 2,
}

namespace CryptoSignalTracker.Core.Domain;

/// <summary>One executed trade on an exchange.</summary>
/// <param name="TimeMs">Fill time, Unix milliseconds UTC.</param>
/// <param name="Symbol">Instrument, e.g. <c>BTCUSDT</c>.</param>
/// <param name="Side">Taker (aggressor) side.</param>
/// <param name="Price">Fill price in quote currency.</param>
/// <param name="Size">Fill size in base currency.</param>
/// <param name="Id">Exchange trade id; a trade id seen before is the same trade.</param>
/// <remarks>
/// Market data is <see cref="double"/>: exchange prices and sizes have at most 15 significant digits and
/// round-trip exactly through a double with shortest round-trip formatting, and indicator math needs
/// doubles for speed. Money in reports is rounded only when shown.
/// </remarks>
public readonly record struct Trade(long TimeMs, string Symbol, TakerSide Side, double Price, double Size, TradeId Id)
{
    /// <summary>Fill time as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(TimeMs);
}

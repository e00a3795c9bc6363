using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Data;

/// <summary>Re-writes real trades into the exchanges' CSV layouts, so each reader is tested on real values.</summary>
internal static class TradeLayouts
{
    public const string BybitArchiveHeader = "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional";
    public const string BinanceHeader = "id,price,qty,quote_qty,time,is_buyer_maker";

    /// <summary>Bybit's archive layout: time as seconds with a 4-digit fraction, side Buy/Sell, a UUID match id.</summary>
    public static string BybitArchive(IEnumerable<Trade> trades)
    {
        var text = new StringBuilder(BybitArchiveHeader).Append('\n');
        foreach (var t in trades)
        {
            var seconds = $"{t.TimeMs / 1000}.{t.TimeMs % 1000:000}{t.TimeMs % 7}";
            text.Append(CultureInfo.InvariantCulture, $"{seconds},{t.Symbol},{(t.Side == TakerSide.Buy ? "Buy" : "Sell")},{Num(t.Size)},{Num(t.Price)},ZeroPlusTick,{Uuid(t.Id)},{Num(t.Price * t.Size * 1e8)},{Num(t.Size)},{Num(t.Price * t.Size)}\n");
        }

        return text.ToString();
    }

    /// <summary>Binance's trade CSV: <c>id,price,qty,quote_qty,time,is_buyer_maker</c> (taker sold = buyer was maker).</summary>
    public static string Binance(IEnumerable<Trade> trades, bool header = true, bool bestMatchColumn = false)
    {
        var text = new StringBuilder();
        if (header)
        {
            text.Append(BinanceHeader).Append(bestMatchColumn ? ",is_best_match\n" : "\n");
        }

        foreach (var t in trades)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(long)t.Id.Low},{Num(t.Price)},{Num(t.Size)},{Num(t.Price * t.Size)},{t.TimeMs},{(t.Side == TakerSide.Sell ? (header ? "true" : "True") : (header ? "false" : "False"))}");
            text.Append(bestMatchColumn ? ",True\n" : "\n");
        }

        return text.ToString();
    }

    /// <summary>A deterministic UUID for a numeric trade id (Bybit linear ids are UUIDs).</summary>
    public static string Uuid(TradeId id) => $"00000000-0000-4000-8000-{id.Low:x12}";

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

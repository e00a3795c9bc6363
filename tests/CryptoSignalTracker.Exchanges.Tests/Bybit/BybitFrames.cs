using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Tests.Bybit;

/// <summary>Writes trades as Bybit v5 <c>publicTrade</c> push frames (protocols.md §1.6), the way the exchange sends them.</summary>
internal static class BybitFrames
{
    public static byte[] Trades(string symbol, IEnumerable<Trade> trades, Func<Trade, string>? id = null)
    {
        var list = trades.ToList();
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{{\"topic\":\"publicTrade.{symbol}\",\"type\":\"snapshot\",\"ts\":{(list.Count > 0 ? list[^1].TimeMs + 2 : 1)},\"data\":[");
        for (var i = 0; i < list.Count; i++)
        {
            var t = list[i];
            text.Append(i == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"T\":{t.TimeMs},\"s\":\"{t.Symbol}\",\"S\":\"{(t.Side == TakerSide.Buy ? "Buy" : "Sell")}\",\"v\":\"{Num(t.Size)}\",\"p\":\"{Num(t.Price)}\",\"L\":\"ZeroPlusTick\",\"i\":\"{(id ?? Uuid)(t)}\",\"BT\":false,\"RPI\":false,\"seq\":{1783284617 + i}}}");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    /// <summary>A UUID built from the numeric id (Bybit linear trade ids are UUIDs).</summary>
    public static string Uuid(Trade trade) => $"00000000-0000-4000-8000-{trade.Id.Low:x12}";

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

using System.Security.Cryptography;
using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>
/// Trades that rebuild a real candle exactly, as the end-to-end tests make them: open at +1 s, high at +15 s, low at
/// +30 s, close at +50 s, the volume split in four, sides Buy, Sell, Buy, Sell, deterministic UUID-like ids.
/// </summary>
internal static class SyntheticMinuteTrades
{
    private static readonly long[] Offsets = [1_000, 15_000, 30_000, 50_000];

    /// <summary>The four trades of <paramref name="candle"/>.</summary>
    public static Trade[] Of(string symbol, in Candle candle)
    {
        var size = candle.Volume / 4;
        double[] prices = [candle.Open, candle.High, candle.Low, candle.Close];
        var trades = new Trade[Offsets.Length];
        for (var k = 0; k < Offsets.Length; k++)
        {
            var hash = MD5.HashData(Encoding.UTF8.GetBytes($"{symbol}/{candle.OpenTimeMs}/{k}"));
            trades[k] = new Trade(candle.OpenTimeMs + Offsets[k], symbol, k % 2 == 0 ? TakerSide.Buy : TakerSide.Sell, prices[k], size, TradeId.Parse(new Guid(hash).ToString("D")));
        }

        return trades;
    }
}

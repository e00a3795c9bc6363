using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Aggregation;

/// <summary>Trades and Bybit frames generated in memory with a fixed seed, shaped like a busy perpetual's tape.</summary>
internal static class SyntheticTrades
{
    private const int Seed = 20240808;
    private const long StartMs = 1723161240000; // 2024-08-08T23:54:00Z
    private const int MaxGapMs = 12;            // mean ~6 ms between trades, a third of them at the same ms

    /// <summary><paramref name="count"/> time-ordered BTCUSDT trades with numeric ids, a random-walk price and both taker sides.</summary>
    public static Trade[] Create(int count)
    {
        var random = new Random(Seed);
        var trades = new Trade[count];
        var time = StartMs;
        var price = 60_000.0;
        for (var i = 0; i < count; i++)
        {
            var step = random.Next(3) == 0 ? 0 : random.Next(1, MaxGapMs);
            time += step;
            price = Math.Round(price + ((random.NextDouble() - 0.5) * 2), 1);
            var size = Math.Round(random.NextDouble() * 0.5, 3) + 0.001;
            trades[i] = new Trade(time, "BTCUSDT", random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell, price, size, TradeId.FromNumber(3_535_186_032 + i));
        }

        return trades;
    }

    /// <summary>The trades as Bybit <c>publicTrade.BTCUSDT</c> push frames of 1-<paramref name="maxPerFrame"/> trades, with UUID ids like Bybit linear.</summary>
    public static byte[][] Frames(Trade[] trades, int maxPerFrame)
    {
        var random = new Random(Seed);
        var frames = new List<byte[]>();
        var text = new StringBuilder();
        for (var start = 0; start < trades.Length;)
        {
            var count = Math.Min(trades.Length - start, random.Next(1, maxPerFrame + 1));
            text.Clear().Append(CultureInfo.InvariantCulture, $"{{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":{trades[start + count - 1].TimeMs + 3},\"data\":[");
            for (var i = start; i < start + count; i++)
            {
                var t = trades[i];
                text.Append(i == start ? "{" : ",{").Append(CultureInfo.InvariantCulture,
                    $"\"T\":{t.TimeMs},\"s\":\"BTCUSDT\",\"S\":\"{(t.Side == TakerSide.Buy ? "Buy" : "Sell")}\",\"v\":\"{t.Size.ToString("R", CultureInfo.InvariantCulture)}\",\"p\":\"{t.Price.ToString("F2", CultureInfo.InvariantCulture)}\",\"L\":\"PlusTick\",\"i\":\"{Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(t.TimeMs))}\",\"BT\":false,\"RPI\":false,\"seq\":{1783284617 + i}}}");
            }

            frames.Add(Encoding.UTF8.GetBytes(text.Append("]}").ToString()));
            start += count;
        }

        return [.. frames];
    }
}

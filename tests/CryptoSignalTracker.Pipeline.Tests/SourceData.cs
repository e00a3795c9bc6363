using System.Security.Cryptography;
using System.Text;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// Real 1-minute candles from data/sample and trades synthesized from them (open, high, low, close in that
/// order, the volume split in four), so the candles the pipeline must build are known exactly.
/// </summary>
public static class SourceData
{
    /// <summary>The window replayed: 2025-05-30 17:00 UTC, both symbols have candles there.</summary>
    public static readonly long StartMs = new DateTimeOffset(2025, 5, 30, 17, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public const long MinuteMs = 60_000;

    public static readonly string[] Symbols = ["BTCUSDT", "SOLUSDT"];

    private static readonly Dictionary<string, IReadOnlyList<Candle>> _cache = [];

    /// <summary>All candles of <paramref name="symbol"/> in the sample file.</summary>
    public static IReadOnlyList<Candle> AllCandles(string symbol)
    {
        lock (_cache)
        {
            if (!_cache.TryGetValue(symbol, out var candles))
            {
                var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "sample"), $"bybit_linear_{symbol}_1m_*.csv").Single();
                candles = CandleCsvReader.ReadFile(file);
                _cache[symbol] = candles;
            }

            return candles;
        }
    }

    /// <summary>
    /// The window the end-to-end signal tests replay: 2025-05-31 00:41 UTC, 30 minutes. <c>cst backtest</c> on these
    /// candles alone (macro disabled) gives one SOLUSDT LONG at 01:00 and its stop-loss exit at 01:05, and seven set-ups
    /// it skips (position open, cool-down), so entries, exits and skips are all exercised.
    /// </summary>
    public static readonly long SignalWindowStartMs = new DateTimeOffset(2025, 5, 31, 0, 41, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Minutes of <see cref="SignalWindowStartMs"/>'s window.</summary>
    public const int SignalWindowMinutes = 30;

    /// <summary>The <paramref name="minutes"/> source candles of <paramref name="symbol"/> from <see cref="StartMs"/>.</summary>
    public static IReadOnlyList<Candle> Candles(string symbol, int minutes) => Candles(symbol, StartMs, minutes);

    /// <summary>The <paramref name="minutes"/> source candles of <paramref name="symbol"/> from <paramref name="startMs"/>.</summary>
    public static IReadOnlyList<Candle> Candles(string symbol, long startMs, int minutes) =>
        [.. AllCandles(symbol).Where(c => c.OpenTimeMs >= startMs && c.OpenTimeMs < startMs + (minutes * MinuteMs))];

    /// <summary>Four trades for a candle at +1 s (open), +15 s (high), +30 s (low), +50 s (close); sides Buy, Sell, Buy, Sell.</summary>
    public static IEnumerable<Trade> TradesOf(string symbol, Candle c)
    {
        var size = c.Volume / 4;
        double[] prices = [c.Open, c.High, c.Low, c.Close];
        long[] offsets = [1_000, 15_000, 30_000, 50_000];
        for (var k = 0; k < 4; k++)
        {
            yield return new Trade(c.OpenTimeMs + offsets[k], symbol, k % 2 == 0 ? TakerSide.Buy : TakerSide.Sell, prices[k], size, TradeId.Parse(IdText(symbol, c.OpenTimeMs, k)));
        }
    }

    /// <summary>A deterministic UUID-like trade id, as Bybit's linear ids look.</summary>
    public static string IdText(string symbol, long timeMs, int k)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes($"{symbol}/{timeMs}/{k}"));
        return new Guid(hash).ToString("D");
    }

    /// <summary>All trades of the window, globally in time order (then by symbol), with <paramref name="quiet"/> minutes left out.</summary>
    public static List<Trade> Trades(int minutes, params (string Symbol, int Minute)[] quiet) => Trades(StartMs, minutes, quiet);

    /// <summary>All trades of the window from <paramref name="startMs"/>, globally in time order (then by symbol), with <paramref name="quiet"/> minutes left out.</summary>
    public static List<Trade> Trades(long startMs, int minutes, params (string Symbol, int Minute)[] quiet)
    {
        var trades = new List<Trade>();
        foreach (var symbol in Symbols)
        {
            var candles = Candles(symbol, startMs, minutes);
            for (var i = 0; i < candles.Count; i++)
            {
                if (!quiet.Contains((symbol, i)))
                {
                    trades.AddRange(TradesOf(symbol, candles[i]));
                }
            }
        }

        return [.. trades.OrderBy(t => t.TimeMs).ThenBy(t => t.Symbol, StringComparer.Ordinal)];
    }

    /// <summary>The candles the pipeline must produce: the source, except quiet minutes which are flat at the previous close.</summary>
    public static IReadOnlyList<Candle> Expected(string symbol, int minutes, params (string Symbol, int Minute)[] quiet)
    {
        var candles = Candles(symbol, minutes).ToList();
        for (var i = 1; i < candles.Count; i++)
        {
            if (quiet.Contains((symbol, i)))
            {
                candles[i] = Candle.Flat(candles[i].OpenTimeMs, candles[i - 1].Close);
            }
        }

        return candles;
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Pipeline.Tests;

namespace CryptoSignalTracker.Cli.Tests.Soak;

/// <summary>
/// The soak's market: the 30 days of real Bybit 1-minute candles in data/sample, looped to any number of days with the
/// prices continued (loop k is the source scaled so its first open is loop k-1's last close), and the trades the fake
/// Bybit pushes for them (<see cref="SourceData.TradesOf"/>: open, high, low, close; so every candle the pipeline must
/// build is known exactly).
/// </summary>
internal sealed class SoakSeries
{
    public const long MinuteMs = 60_000;

    private SoakSeries(long startMs, int minutes, IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles)
    {
        StartMs = startMs;
        Minutes = minutes;
        Candles = candles;
    }

    /// <summary>The symbols, in ordinal order (the backtester's order).</summary>
    public static IReadOnlyList<string> Symbols => SourceData.Symbols;

    /// <summary>Open time of the first minute, Unix ms.</summary>
    public long StartMs { get; }

    /// <summary>Minutes per symbol.</summary>
    public int Minutes { get; }

    /// <summary>Open time of the last minute, Unix ms.</summary>
    public long LastMinuteMs => StartMs + ((Minutes - 1) * MinuteMs);

    /// <summary>The source candles per symbol, one per minute, none missing.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Candle>> Candles { get; }

    /// <summary><paramref name="days"/> days of both symbols from the sample's first minute.</summary>
    public static SoakSeries Loop(double days)
    {
        var minutes = (int)Math.Round(days * 1440);
        if (minutes < 60)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, "the soak needs at least an hour");
        }

        // the minutes every symbol has (the sample files start and end a few minutes apart)
        var startMs = Symbols.Max(s => SourceData.AllCandles(s)[0].OpenTimeMs);
        var endMs = Symbols.Min(s => SourceData.AllCandles(s)[^1].OpenTimeMs) + MinuteMs;
        var candles = new Dictionary<string, IReadOnlyList<Candle>>(StringComparer.Ordinal);
        foreach (var symbol in Symbols)
        {
            var source = SourceData.AllCandles(symbol).Where(c => c.OpenTimeMs >= startMs && c.OpenTimeMs < endMs).ToList();
            for (var i = 1; i < source.Count; i++)
            {
                if (source[i].OpenTimeMs != source[i - 1].OpenTimeMs + MinuteMs)
                {
                    throw new InvalidDataException($"{symbol}: the sample has a hole after {source[i - 1].OpenTime:u}; the loop needs whole minutes");
                }
            }

            var ratio = source[^1].Close / source[0].Open;
            var scale = 1.0;
            var looped = new Candle[minutes];
            for (var i = 0; i < minutes; i++)
            {
                var j = i % source.Count;
                if (j == 0 && i > 0)
                {
                    scale *= ratio; // this loop's first open continues the last loop's last close
                }

                var c = source[j];
                looped[i] = new Candle(startMs + (i * MinuteMs), c.Open * scale, c.High * scale, c.Low * scale, c.Close * scale, c.Volume);
            }

            candles[symbol] = looped;
        }

        return new SoakSeries(startMs, minutes, candles);
    }

    /// <summary>
    /// The trades in the order the fake Bybit pushes them: minute by minute, except that inside each lag window the
    /// lagging symbol's minutes go out <c>LagMinutes</c> later, and after the window its held-back minutes catch up in one
    /// burst (each symbol's own trades stay in time order, as on a real connection).
    /// </summary>
    public List<Trade> Trades(IReadOnlyList<SoakLag> lags)
    {
        var order = new List<(long Key, int Minute, int SymbolIndex)>(Minutes * Symbols.Count);
        for (var s = 0; s < Symbols.Count; s++)
        {
            var previous = long.MinValue;
            for (var m = 0; m < Minutes; m++)
            {
                var lag = lags.Where(l => l.Symbol == Symbols[s] && m >= l.FromMinute && m < l.FromMinute + l.Minutes).Sum(l => l.LagMinutes);
                var key = Math.Max(m + lag, previous);
                previous = key;
                order.Add((key, m, s));
            }
        }

        var trades = new List<Trade>(order.Count * 4);
        foreach (var (_, m, s) in order.OrderBy(o => o.Key).ThenBy(o => o.Minute).ThenBy(o => o.SymbolIndex))
        {
            trades.AddRange(SourceData.TradesOf(Symbols[s], Candles[Symbols[s]][m]));
        }

        return trades;
    }
}

/// <summary>One symbol's feed running <paramref name="LagMinutes"/> behind for <paramref name="Minutes"/> minutes from <paramref name="FromMinute"/>.</summary>
internal sealed record SoakLag(string Symbol, int FromMinute, int Minutes, int LagMinutes);

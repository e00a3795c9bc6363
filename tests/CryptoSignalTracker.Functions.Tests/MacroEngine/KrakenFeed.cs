using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Exchanges.CryptoCompare;
using CryptoSignalTracker.Exchanges.Tests.CryptoCompare;
using CryptoSignalTracker.Exchanges.Tests.Kraken;
using CryptoSignalTracker.Functions.MacroEngine;

namespace CryptoSignalTracker.Functions.Tests.MacroEngine;

/// <summary>
/// Real Bybit 1-minute candles (data/sample) resampled into 5-minute and 4-hour candles, served as Kraken would at
/// the close of a chosen 5-minute candle (up to 720 closed candles per interval plus the forming one), or as
/// CryptoCompare would (its latest 2000 closed minutes and hours plus the forming one).
/// </summary>
public sealed class KrakenFeed
{
    private const int KrakenRows = 720;
    private const long MinuteMs = 60_000L;
    private const long HourMs = 60 * MinuteMs;
    private const long FiveMinutesMs = 5 * 60_000L;
    private const long FourHoursMs = 240 * 60_000L;

    private static readonly Dictionary<string, KrakenFeed> Cache = new(StringComparer.Ordinal);

    private KrakenFeed(string symbol)
    {
        var minutes = CandleCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", "sample", $"bybit_linear_{symbol}_1m_2025-05-30_2025-06-29.csv")).ToArray();
        Minutes = minutes;
        Hours = CandleResampler.Resample(minutes, Interval.OneMinute, new Interval(60));
        FiveMinute = CandleResampler.Resample(minutes, Interval.OneMinute, new Interval(5));
        FourHour = CandleResampler.Resample(minutes, Interval.OneMinute, new Interval(240));
    }

    /// <summary>All 1-minute candles.</summary>
    public IReadOnlyList<Candle> Minutes { get; }

    /// <summary>All 1-hour candles.</summary>
    public IReadOnlyList<Candle> Hours { get; }

    /// <summary>All 5-minute candles.</summary>
    public IReadOnlyList<Candle> FiveMinute { get; }

    /// <summary>All 4-hour candles.</summary>
    public IReadOnlyList<Candle> FourHour { get; }

    /// <summary>The feed of a bundled symbol (BTCUSDT, SOLUSDT).</summary>
    public static KrakenFeed Of(string symbol)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(symbol, out var feed))
            {
                feed = new KrakenFeed(symbol);
                Cache[symbol] = feed;
            }

            return feed;
        }
    }

    /// <summary>The closed 4-hour and 5-minute candles Kraken would return when 5-minute candle <paramref name="last"/> has just closed.</summary>
    public (Candle[] FourHour, Candle[] FiveMinute) ClosedAt(int last)
    {
        var nowMs = FiveMinute[last].OpenTimeMs + FiveMinutesMs;
        var m5 = FiveMinute.Take(last + 1).TakeLast(KrakenRows).ToArray();
        var h4 = FourHour.Where(c => c.OpenTimeMs + FourHoursMs <= nowMs).TakeLast(KrakenRows).ToArray();
        return (h4, m5);
    }

    /// <summary>Serves the state at the close of 5-minute candle <paramref name="last"/> for <paramref name="pair"/>, forming candles included.</summary>
    public void Serve(FakeKrakenServer kraken, string pair, int last, string? resultKey = null)
    {
        var (h4, m5) = ClosedAt(last);
        var nowMs = FiveMinute[last].OpenTimeMs + FiveMinutesMs;
        var forming4h = FourHour.First(c => c.OpenTimeMs + FourHoursMs > nowMs);
        kraken.SetCandles(pair, 240, [.. h4, forming4h], resultKey);
        kraken.SetCandles(pair, 5, [.. m5, FiveMinute[last + 1]], resultKey);
    }

    /// <summary>The closed 4-hour and 5-minute candles the CryptoCompare fallback builds when 5-minute candle <paramref name="last"/> has just closed.</summary>
    public (IReadOnlyList<Candle> FourHour, IReadOnlyList<Candle> FiveMinute) ClosedAtCryptoCompare(int last)
    {
        var (minutes, _, hours, _) = CryptoCompareRows(last);
        return (CryptoCompareOhlcClient.CompleteBuckets(hours, new Interval(60), new Interval(240)),
            CryptoCompareOhlcClient.CompleteBuckets(minutes, Interval.OneMinute, new Interval(5)));
    }

    /// <summary>Serves CryptoCompare's histominute and histohour for <paramref name="fsym"/>/USDT at the close of 5-minute candle <paramref name="last"/>.</summary>
    public void ServeCryptoCompare(FakeCryptoCompareServer server, string fsym, int last)
    {
        var (minutes, formingMinute, hours, formingHour) = CryptoCompareRows(last);
        server.SetCandles("histominute", fsym, "USDT", [.. minutes, formingMinute]);
        server.SetCandles("histohour", fsym, "USDT", [.. hours, formingHour]);
    }

    /// <summary>The first 5-minute index from <paramref name="from"/> whose close fires (<paramref name="fires"/>) or does not.</summary>
    public int Find(string symbol, int from, bool fires) => Find(symbol, from, fires, i =>
    {
        var (h4, m5) = ClosedAt(i);
        return (h4, m5);
    });

    /// <summary>As <see cref="Find(string, int, bool)"/>, on the candles the CryptoCompare fallback builds.</summary>
    public int FindCryptoCompare(string symbol, int from, bool fires) => Find(symbol, from, fires, ClosedAtCryptoCompare);

    private (Candle[] Minutes, Candle FormingMinute, Candle[] Hours, Candle FormingHour) CryptoCompareRows(int last)
    {
        var nowMs = FiveMinute[last].OpenTimeMs + FiveMinutesMs;
        var closedMinutes = ClosedCount(Minutes, MinuteMs, nowMs);
        var closedHours = ClosedCount(Hours, HourMs, nowMs);
        return (Window(Minutes, closedMinutes), Minutes[closedMinutes], Window(Hours, closedHours), Hours[closedHours]);
    }

    /// <summary>How many of <paramref name="candles"/> (ascending) had closed at <paramref name="nowMs"/>.</summary>
    private static int ClosedCount(IReadOnlyList<Candle> candles, long lengthMs, long nowMs)
    {
        int lo = 0, hi = candles.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (candles[mid].OpenTimeMs + lengthMs <= nowMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static Candle[] Window(IReadOnlyList<Candle> candles, int closed)
    {
        var start = Math.Max(0, closed - CryptoCompareOhlcClient.MaxLimit);
        return [.. Enumerable.Range(start, closed - start).Select(i => candles[i])];
    }

    private int Find(string symbol, int from, bool fires, Func<int, (IReadOnlyList<Candle> FourHour, IReadOnlyList<Candle> FiveMinute)> closedAt)
    {
        for (var i = from; i < FiveMinute.Count - 1; i++)
        {
            var (h4, m5) = closedAt(i);
            if ((MacroRunner.Decide(symbol, h4, m5, new MacroOptions()) is not null) == fires)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no {symbol} 5-minute candle from {from} where the macro rules {(fires ? "fire" : "stay quiet")}");
    }
}

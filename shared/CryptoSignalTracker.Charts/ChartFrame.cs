using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// The chart model: everything derived from a request before drawing: the candle interval (resampled to keep within
/// <see cref="CandleChartOptions.MaxCandles"/>, and at least 5 minutes when a SWING signal shows), the window, the RSI
/// and its guides (the strategy's thresholds for the symbol), the scales and the overlays that show.
/// </summary>
internal sealed class ChartFrame
{
    /// <summary>Coarser intervals tried in order when a window holds too many candles, in minutes.</summary>
    private static readonly int[] _ladderMinutes = [5, 15, 30, 60, 240, 1440, 10080];

    public required IReadOnlyList<Candle> Candles { get; init; }

    public required int First { get; init; }

    public required int Last { get; init; }

    /// <summary>The interval of the candles drawn (after any resampling).</summary>
    public required long IntervalMs { get; init; }

    /// <summary>The interval of the candles given.</summary>
    public required long SourceIntervalMs { get; init; }

    public required long FromMs { get; init; }

    public required long ToMs { get; init; }

    public required int RsiPeriod { get; init; }

    /// <summary>Lower RSI guide: the strategy's oversold threshold for the symbol.</summary>
    public required double Oversold { get; init; }

    /// <summary>Upper RSI guide: the strategy's overbought threshold for the symbol.</summary>
    public required double Overbought { get; init; }

    public required double[] Rsi { get; init; }

    /// <summary>The symbol charted.</summary>
    public required string Symbol { get; init; }

    /// <summary>The tick sizes prices are written with.</summary>
    public required TickSizes Ticks { get; init; }

    public required IReadOnlyList<SignalOverlay> Overlays { get; init; }

    public required double PriceMin { get; init; }

    public required double PriceMax { get; init; }

    public int Count => Last - First + 1;

    public double XMin => ChartTime.ToX(FromMs) - ChartTime.Span(IntervalMs) * 0.75;

    public double XMax => ChartTime.ToX(ToMs) + ChartTime.Span(IntervalMs) * 0.75;

    /// <summary>
    /// x where a signal's entry is: the close of its trigger candle. A candle is drawn centred on its open time, so a time
    /// t lies half an interval left of <c>ToX(t)</c>; the close of the trigger candle is its right edge.
    /// </summary>
    public double EntryX(SignalOverlay overlay) => ChartTime.ToX(overlay.EntryTimeMs) - (ChartTime.Span(IntervalMs) / 2);

    /// <summary>A price as the chart writes it: rounded to the symbol's tick size with its decimals, else about six significant digits.</summary>
    public string PriceText(double price) =>
        Ticks.Decimals(Symbol) is { } decimals ? NumberText.Price(Ticks.Round(Symbol, price), decimals) : NumberText.Price(price);

    /// <summary>Open time of the drawn candle holding the signal's trigger candle.</summary>
    public long TriggerOpenMs(SignalOverlay overlay) => overlay.TimeMs - (((overlay.TimeMs % IntervalMs) + IntervalMs) % IntervalMs);

    /// <summary>Index of the candle opening at <paramref name="timeMs"/> inside the window, or -1.</summary>
    public int IndexAt(long timeMs)
    {
        var i = LowerBound(Candles, timeMs);
        return i <= Last && i >= First && Candles[i].OpenTimeMs == timeMs ? i : -1;
    }

    public static ChartFrame Build(CandleChartRequest request, CandleChartOptions options)
    {
        var candles = request.Candles ?? throw new ArgumentException("the candle list is null", nameof(request));
        if (candles.Count == 0)
        {
            throw new ArgumentException($"cannot chart {request.Symbol}: the candle list is empty", nameof(request));
        }

        var sourceMs = SourceInterval(candles);
        var toMs = request.ToMs ?? candles[^1].OpenTimeMs;
        var fromMs = request.FromMs ?? toMs - options.Minutes * ChartTime.MinuteMs + sourceMs;
        if (fromMs > toMs)
        {
            throw new ArgumentException($"chart window starts at {WireNames.Time(fromMs)}, after its end {WireNames.Time(toMs)}", nameof(request));
        }

        var overlays = (request.Signals ?? [])
            .Where(o => o.TimeMs <= toMs && (o.Exit?.TimeMs ?? long.MaxValue) >= fromMs)
            .OrderBy(o => o.TimeMs)
            .ToArray();
        foreach (var o in overlays)
        {
            if (!(IsPrice(o.Entry) && IsPrice(o.StopLoss) && IsPrice(o.TakeProfit) && (o.Exit is null || IsPrice(o.Exit.Price))))
            {
                throw new ArgumentException(
                    $"signal at {WireNames.Time(o.TimeMs)} has a price that is not a positive number " +
                    $"(entry {o.Entry}, stop {o.StopLoss}, target {o.TakeProfit}, exit {o.Exit?.Price})", nameof(request));
            }
        }

        var intervalMs = ChartInterval(sourceMs, fromMs, toMs, overlays.Any(o => o.Kind == SignalKind.Swing), options.MaxCandles);
        if (intervalMs != sourceMs)
        {
            var last = LowerBound(candles, toMs + 1);
            var source = new Candle[last];
            for (var i = 0; i < last; i++)
            {
                source[i] = candles[i];
            }

            var target = new Interval((int)(intervalMs / ChartTime.MinuteMs));
            candles = CandleResampler.Resample(source, new Interval((int)(sourceMs / ChartTime.MinuteMs)), target);
            fromMs = target.Floor(fromMs);
            toMs = target.Floor(toMs);
        }

        return Window(request.Symbol, candles, fromMs, toMs, sourceMs, intervalMs, overlays, options);
    }

    private static ChartFrame Window(string symbol, IReadOnlyList<Candle> candles, long fromMs, long toMs, long sourceMs, long intervalMs,
        SignalOverlay[] overlays, CandleChartOptions options)
    {
        var first = LowerBound(candles, fromMs);
        var last = LowerBound(candles, toMs + 1) - 1;
        if (first > last)
        {
            throw new ArgumentException(
                $"no {symbol} candles between {WireNames.Time(fromMs)} and {WireNames.Time(toMs)}; " +
                $"the data covers {WireNames.Time(candles[0].OpenTimeMs)} to {WireNames.Time(candles[^1].OpenTimeMs)}", "request");
        }

        if (last - first + 1 > CandleChartRenderer.MaxCandles)
        {
            throw new ArgumentException(
                $"the window {WireNames.Time(fromMs)} to {WireNames.Time(toMs)} holds {last - first + 1} candles; at most {CandleChartRenderer.MaxCandles} fit on a chart",
                "request");
        }

        var strategy = options.Strategy.For(symbol);
        var rsi = new Rsi(strategy.RsiPeriod);
        var rsiValues = new double[last - first + 1];
        for (var i = 0; i <= last; i++)
        {
            var value = rsi.Update(candles[i].OpenTimeMs, candles[i].Close);
            if (i >= first)
            {
                rsiValues[i - first] = value;
            }
        }

        var (min, max) = PriceScale.Compute(candles, first, last, overlays, fromMs, toMs);
        return new ChartFrame
        {
            Candles = candles,
            First = first,
            Last = last,
            IntervalMs = intervalMs,
            SourceIntervalMs = sourceMs,
            FromMs = fromMs,
            ToMs = toMs,
            RsiPeriod = strategy.RsiPeriod,
            Oversold = strategy.Oversold,
            Overbought = strategy.Overbought,
            Rsi = rsiValues,
            Symbol = symbol,
            Ticks = options.TickSizes,
            Overlays = overlays,
            PriceMin = min,
            PriceMax = max,
        };
    }

    /// <summary>
    /// The interval drawn: the candles' own, or (when they are whole minutes) 5 minutes when a SWING signal shows, and the
    /// shortest step of the ladder that keeps the window within <paramref name="maxCandles"/>.
    /// </summary>
    internal static long ChartInterval(long sourceMs, long fromMs, long toMs, bool swing, int maxCandles)
    {
        if (sourceMs % ChartTime.MinuteMs != 0)
        {
            return sourceMs;
        }

        long Count(long ms) => (Floor(toMs, ms) - Floor(fromMs, ms)) / ms + 1;

        var intervalMs = swing ? Math.Max(sourceMs, SignalOverlay.SwingBarMs) : sourceMs;
        if (intervalMs % sourceMs != 0)
        {
            return sourceMs;
        }

        foreach (var minutes in _ladderMinutes)
        {
            if (Count(intervalMs) <= maxCandles)
            {
                break;
            }

            var ms = minutes * ChartTime.MinuteMs;
            if (ms > intervalMs && ms % sourceMs == 0)
            {
                intervalMs = ms;
            }
        }

        return intervalMs;
    }

    private static long SourceInterval(IReadOnlyList<Candle> candles)
    {
        var intervalMs = long.MaxValue;
        for (var i = 1; i < candles.Count; i++)
        {
            var gap = candles[i].OpenTimeMs - candles[i - 1].OpenTimeMs;
            if (gap <= 0)
            {
                throw new ArgumentException(
                    $"candles must be in strictly increasing time order: candle {i} opens at {WireNames.Time(candles[i].OpenTimeMs)}, " +
                    $"not after candle {i - 1} at {WireNames.Time(candles[i - 1].OpenTimeMs)}", "request");
            }

            intervalMs = Math.Min(intervalMs, gap);
        }

        return intervalMs == long.MaxValue ? ChartTime.MinuteMs : intervalMs;
    }

    private static long Floor(long timeMs, long ms) => timeMs - (((timeMs % ms) + ms) % ms);

    private static bool IsPrice(double price) => double.IsFinite(price) && price > 0;

    private static int LowerBound(IReadOnlyList<Candle> candles, long timeMs)
    {
        int lo = 0, hi = candles.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (candles[mid].OpenTimeMs < timeMs)
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
}

using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// Size and content of a candlestick chart. Defaults give the Telegram chart: 640 × 720 px, the last 120 minutes,
/// at most 180 candles, RSI with the strategy's own period and oversold/overbought guides (V5.2 Champion: RSI(14), 25/75).
/// </summary>
public sealed class CandleChartOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Charts:Candles";

    /// <summary>Narrowest chart allowed, in pixels: below this the labels no longer fit on a phone screen.</summary>
    public const int MinWidth = 640;

    /// <summary>Shortest chart allowed, in pixels (three panels and a title need this much).</summary>
    public const int MinHeight = 480;

    /// <summary>Largest width or height allowed, in pixels (a guard against typos allocating huge bitmaps).</summary>
    public const int MaxSide = 4096;

    /// <summary>Image width in pixels. Default 640, at least <see cref="MinWidth"/>.</summary>
    public int Width { get; init; } = MinWidth;

    /// <summary>Image height in pixels. Default 720, at least <see cref="MinHeight"/>.</summary>
    public int Height { get; init; } = 720;

    /// <summary>Minutes shown when the request does not name a window: the window ends at the last candle. Default 120.</summary>
    public int Minutes { get; init; } = 120;

    /// <summary>Chart title; null gives "<c>SYMBOL · 1m · yyyy-MM-dd HH:mm–HH:mm UTC</c>".</summary>
    public string? Title { get; init; }

    /// <summary>Fewest candles a chart may be capped to.</summary>
    public const int MinCandleCap = 30;

    /// <summary>
    /// Most candles drawn: a longer window is resampled to the shortest of 5m, 15m, 30m, 1h, 4h, 1d, 1w that fits
    /// (the title names the interval). Default 180, at least <see cref="MinCandleCap"/>, at most <see cref="CandleChartRenderer.MaxCandles"/>.
    /// </summary>
    public int MaxCandles { get; init; } = 180;

    /// <summary>
    /// The strategy settings in use (the trading configuration's <c>strategy</c>): the RSI panel uses the symbol's RSI period and draws
    /// its oversold and overbought thresholds as guides. Default: V5.2 Champion's defaults.
    /// </summary>
    public StrategySettings Strategy { get; init; } = new();

    /// <summary>
    /// Tick sizes the prices written on the chart (level tags, last close) are rounded to: the built-in table of the nine symbols, or
    /// <see cref="TickSizes.Load"/> of an <c>instruments.json</c>. A symbol without one keeps about six significant digits.
    /// </summary>
    public TickSizes TickSizes { get; init; } = TickSizes.BuiltIn;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (Width is < MinWidth or > MaxSide)
        {
            throw new ArgumentException($"chart width {Width} px is out of range ({MinWidth}..{MaxSide})", nameof(Width));
        }

        if (Height is < MinHeight or > MaxSide)
        {
            throw new ArgumentException($"chart height {Height} px is out of range ({MinHeight}..{MaxSide})", nameof(Height));
        }

        if (Minutes < 1)
        {
            throw new ArgumentException($"chart minutes must be at least 1 (got {Minutes})", nameof(Minutes));
        }

        if (MaxCandles is < MinCandleCap or > CandleChartRenderer.MaxCandles)
        {
            throw new ArgumentException($"chart candle cap {MaxCandles} is out of range ({MinCandleCap}..{CandleChartRenderer.MaxCandles})", nameof(MaxCandles));
        }

        ArgumentNullException.ThrowIfNull(Strategy, nameof(Strategy));
        ArgumentNullException.ThrowIfNull(TickSizes, nameof(TickSizes));
        Strategy.Defaults.Validate();
        foreach (var options in Strategy.PerSymbol.Values)
        {
            options.Validate();
        }
    }
}

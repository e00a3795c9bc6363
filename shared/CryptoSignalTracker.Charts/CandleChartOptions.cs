namespace CryptoSignalTracker.Charts;

/// <summary>
/// Size and content of a candlestick chart. Defaults give the Telegram chart: 640 × 720 px, the last 120 minutes,
/// RSI(14) with 30/70 guides.
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

    /// <summary>RSI period. Default 14.</summary>
    public int RsiPeriod { get; init; } = 14;

    /// <summary>Lower RSI guide line (oversold). Default 30.</summary>
    public double RsiOversold { get; init; } = 30;

    /// <summary>Upper RSI guide line (overbought). Default 70.</summary>
    public double RsiOverbought { get; init; } = 70;

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

        if (RsiPeriod < 1)
        {
            throw new ArgumentException($"RSI period must be at least 1 (got {RsiPeriod})", nameof(RsiPeriod));
        }

        if (!(RsiOversold > 0 && RsiOversold < RsiOverbought && RsiOverbought < 100))
        {
            throw new ArgumentException(
                $"RSI guides must satisfy 0 < oversold < overbought < 100 (got {RsiOversold} / {RsiOverbought})", nameof(RsiOversold));
        }
    }
}

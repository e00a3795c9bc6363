namespace CryptoSignalTracker.Charts;

/// <summary>Size and wording of the equity and drawdown charts. Defaults: 640 × 360 px, USDT.</summary>
public sealed class EquityChartOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Charts:Equity";

    /// <summary>Shortest chart allowed, in pixels.</summary>
    public const int MinHeight = 240;

    /// <summary>Image width in pixels. Default 640, at least <see cref="CandleChartOptions.MinWidth"/>.</summary>
    public int Width { get; init; } = CandleChartOptions.MinWidth;

    /// <summary>Image height in pixels. Default 360, at least <see cref="MinHeight"/>.</summary>
    public int Height { get; init; } = 360;

    /// <summary>Title; null gives "Equity" / "Drawdown".</summary>
    public string? Title { get; init; }

    /// <summary>Currency the equity is in, shown next to the values. Default <c>USDT</c>.</summary>
    public string Currency { get; init; } = "USDT";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (Width is < CandleChartOptions.MinWidth or > CandleChartOptions.MaxSide)
        {
            throw new ArgumentException(
                $"chart width {Width} px is out of range ({CandleChartOptions.MinWidth}..{CandleChartOptions.MaxSide})", nameof(Width));
        }

        if (Height is < MinHeight or > CandleChartOptions.MaxSide)
        {
            throw new ArgumentException($"chart height {Height} px is out of range ({MinHeight}..{CandleChartOptions.MaxSide})", nameof(Height));
        }

        if (string.IsNullOrWhiteSpace(Currency))
        {
            throw new ArgumentException("chart currency must not be empty", nameof(Currency));
        }
    }
}

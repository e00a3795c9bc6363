using CryptoSignalTracker.Core.Backtesting;
using ScottPlot;
using SkiaSharp;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// Draws the equity curve and the drawdown curve of a run as PNG (backtest report, Telegram <c>/equity</c>).
/// Stateless after construction: safe to use from many threads at once; the same points always give the same bytes.
/// </summary>
public sealed class EquityChartRenderer
{
    private const float TitleHeight = 34;
    private const float TimeAxisHeight = 44;
    private const float TitleMargin = 10;
    private const float AxisRoom = 22;
    private const float ValueTickSpacingPx = 40;
    private const double ValuePadding = 0.08;
    private const long SinglePointHalfSpanMs = 30 * ChartTime.MinuteMs;

    private readonly EquityChartOptions _options;

    /// <summary>A renderer with <paramref name="options"/> (validated here) or the defaults.</summary>
    public EquityChartRenderer(EquityChartOptions? options = null)
    {
        _options = options ?? new EquityChartOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public EquityChartOptions Options => _options;

    /// <summary>
    /// The equity curve: green above the starting equity, red below, the start as a dashed line.
    /// Throws <see cref="ArgumentException"/> for no points, times going backwards or non-finite equity.
    /// </summary>
    public byte[] RenderEquity(IReadOnlyList<EquityPoint> points)
    {
        Check(points, requirePositive: false);
        var start = points[0].Equity;
        var end = points[^1].Equity;
        var values = points.Select(p => p.Equity).ToArray();
        var change = start != 0 ? (end - start) / Math.Abs(start) * 100 : 0;
        var summary = $"{NumberText.Money(end)} {_options.Currency}  {NumberText.Percent(change)}";
        return Draw(points, values, _options.Title ?? "Equity", summary, change >= 0 ? ChartStyle.Up : ChartStyle.Down,
            baseline: start, suffix: string.Empty, fillBelowOnly: false);
    }

    /// <summary>
    /// The drawdown curve: percent below the running peak of equity, as a red area under zero.
    /// Throws <see cref="ArgumentException"/> for no points, times going backwards, or equity that is not positive.
    /// </summary>
    public byte[] RenderDrawdown(IReadOnlyList<EquityPoint> points)
    {
        Check(points, requirePositive: true);
        var drawdown = Drawdown(points);
        var max = drawdown.Min();
        var summary = $"max {NumberText.Percent(max)}";
        return Draw(points, drawdown, _options.Title ?? "Drawdown", summary, max < 0 ? ChartStyle.Down : ChartStyle.MutedText,
            baseline: 0, suffix: "%", fillBelowOnly: true);
    }

    /// <summary>Percent below the running peak at each point (0 at a new high, negative below it).</summary>
    internal static double[] Drawdown(IReadOnlyList<EquityPoint> points)
    {
        var result = new double[points.Count];
        var peak = double.MinValue;
        for (var i = 0; i < points.Count; i++)
        {
            peak = Math.Max(peak, points[i].Equity);
            result[i] = (points[i].Equity - peak) / peak * 100;
        }

        return result;
    }

    private byte[] Draw(IReadOnlyList<EquityPoint> points, double[] values, string title, string summary, Color summaryColor,
        double baseline, string suffix, bool fillBelowOnly)
    {
        var fromMs = points[0].TimeMs;
        var toMs = points[^1].TimeMs;
        if (toMs == fromMs)
        {
            fromMs -= SinglePointHalfSpanMs;
            toMs += SinglePointHalfSpanMs;
        }

        var min = Math.Min(values.Min(), baseline);
        var max = Math.Max(values.Max(), baseline);
        var range = max - min;
        if (range <= 0)
        {
            range = Math.Max(Math.Abs(max) * 0.01, 1);
        }

        var yMin = min - range * ValuePadding;
        var yMax = max + range * ValuePadding;
        if (fillBelowOnly)
        {
            yMax = range * ValuePadding;
        }

        var plotHeight = _options.Height - TitleHeight - TimeAxisHeight;
        var valueTicks = ValueTicks.Create(yMin, yMax, (int)(plotHeight / ValueTickSpacingPx), suffix);
        var padRight = MathF.Ceiling(valueTicks.Select(t => ChartCanvas.Measure(t.Label, ChartStyle.TickFontSize, bold: false)).DefaultIfEmpty(0).Max() + AxisRoom);
        var dataWidth = _options.Width - ChartStyle.PadLeft - padRight;
        var (timeTicks, caption) = ChartTime.Ticks(fromMs, toMs, dataWidth);

        using var plot = ChartStyle.NewPlot(timeTicks, showTimeLabels: true);
        plot.Layout.Fixed(new PixelPadding(ChartStyle.PadLeft, padRight, TimeAxisHeight, 0));
        plot.Axes.Bottom.Label.Text = caption;
        plot.Axes.Right.TickGenerator = ValueTicks.Generator(valueTicks);

        var guide = ChartStyle.OnRight(plot, plot.Add.HorizontalLine(baseline, 1, ChartStyle.Neutral, LinePattern.Dashed));
        guide.ExcludeFromLegend = true;

        var xs = points.Select(p => ChartTime.ToX(p.TimeMs)).ToArray();
        var line = ChartStyle.OnRight(plot, plot.Add.ScatterLine(xs, values, fillBelowOnly ? ChartStyle.Down : ChartStyle.Entry));
        line.LineWidth = 2;
        line.FillY = true;
        line.FillYValue = baseline;
        line.FillYAboveColor = ChartStyle.Up.WithAlpha(0.15);
        line.FillYBelowColor = ChartStyle.Down.WithAlpha(0.15);

        var spanX = ChartTime.ToX(toMs) - ChartTime.ToX(fromMs);
        plot.Axes.SetLimitsX(ChartTime.ToX(fromMs) - spanX * 0.01, ChartTime.ToX(toMs) + spanX * 0.01, plot.Axes.Bottom);
        plot.Axes.SetLimitsY(yMin, yMax, plot.Axes.Right);

        using var canvas = new ChartCanvas(_options.Width, _options.Height);
        canvas.Draw(plot, new PixelRect(0, _options.Width, _options.Height, TitleHeight));
        canvas.Text(summary, canvas.Width - TitleMargin, TitleHeight / 2, ChartStyle.TickFontSize, summaryColor, bold: true, align: SKTextAlign.Right);
        canvas.Text(title, TitleMargin, TitleHeight / 2, ChartStyle.TitleFontSize, ChartStyle.Text, bold: true);
        return canvas.ToPng();
    }

    private static void Check(IReadOnlyList<EquityPoint> points, bool requirePositive)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new ArgumentException("cannot chart equity: the point list is empty", nameof(points));
        }

        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (!double.IsFinite(p.Equity) || (requirePositive && p.Equity <= 0))
            {
                throw new ArgumentException(
                    $"equity point {i} at {Core.Domain.WireNames.Time(p.TimeMs)} has equity {p.Equity}; expected a {(requirePositive ? "positive" : "finite")} number",
                    nameof(points));
            }

            if (i > 0 && p.TimeMs < points[i - 1].TimeMs)
            {
                throw new ArgumentException(
                    $"equity points must not go back in time: point {i} at {Core.Domain.WireNames.Time(p.TimeMs)} comes after point {i - 1} at {Core.Domain.WireNames.Time(points[i - 1].TimeMs)}",
                    nameof(points));
            }
        }
    }
}

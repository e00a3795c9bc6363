using CryptoSignalTracker.Core.Domain;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// Draws a candlestick chart as PNG: candles (green up, red down) with the signal levels on top, a volume panel and an
/// RSI panel below, UTC time axis. Stateless after construction: one instance may render on many threads at once,
/// and the same request always gives the same bytes.
/// </summary>
public sealed class CandleChartRenderer
{
    /// <summary>Most candles one chart shows (beyond this candles are thinner than a pixel even on a wide chart).</summary>
    public const int MaxCandles = 5000;

    // Layout, in px (fonts are fixed-size so the chart stays readable on a phone at 640 px).
    private const float TitleHeight = 34;
    private const float TimeAxisHeight = 44;
    private const float PanelGap = 6;
    private const float PriceShare = 0.60f;
    private const float VolumeShare = 0.16f;
    private const float TagHeight = 18;
    private const float TagGap = 2;
    private const float AxisTickRoom = 14;
    private const float PriceTickSpacingPx = 45;
    private const float TickLabelHalfHeight = 8;
    private const float TitleMargin = 10;

    private const double VolumeHeadRoom = 1.35;
    private const double CandleBodyShare = 0.7;
    private const float TriggerMarkerSize = 13;
    private const float ExitMarkerSize = 11;
    private const double TriggerMarkerOffset = 0.035;
    private const float DenseCandlePx = 3;

    private readonly CandleChartOptions _options;

    /// <summary>A renderer with <paramref name="options"/> (validated here) or the defaults.</summary>
    public CandleChartRenderer(CandleChartOptions? options = null)
    {
        _options = options ?? new CandleChartOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public CandleChartOptions Options => _options;

    /// <summary>
    /// Renders <paramref name="request"/> as PNG bytes.
    /// Throws <see cref="ArgumentException"/> when there are no candles, they are out of order, or the window holds none.
    /// </summary>
    public byte[] Render(CandleChartRequest request)
    {
        var frame = Plan(request);

        var width = _options.Width;
        var height = _options.Height;
        var available = height - TitleHeight - TimeAxisHeight - 2 * PanelGap;
        var priceHeight = MathF.Round(available * PriceShare);
        var volumeHeight = MathF.Round(available * VolumeShare);
        var rsiHeight = available - priceHeight - volumeHeight;

        var levels = TaggedLevels(frame);
        var tagWidth = levels.Count == 0 ? 0 : levels.Max(l => ChartCanvas.Measure(l.Text(pinned: true), ChartStyle.TagFontSize, bold: true)) + 10;
        var valueTicks = ValueTicks.Create(frame.PriceMin, frame.PriceMax, (int)(priceHeight / PriceTickSpacingPx));
        var tickWidth = valueTicks.Select(t => ChartCanvas.Measure(t.Label, ChartStyle.TickFontSize, bold: false)).DefaultIfEmpty(0).Max() + AxisTickRoom + 6;
        var padRight = MathF.Ceiling(Math.Max(Math.Max(tagWidth + 4, tickWidth), 56));
        var dataWidth = width - ChartStyle.PadLeft - padRight;
        var (timeTicks, timeCaption) = ChartTime.Ticks(frame.FromMs, frame.ToMs, dataWidth);

        var priceRect = new PixelRect(0, width, TitleHeight + priceHeight, TitleHeight);
        var priceTicks = PriceTicks(valueTicks, levels, frame, priceRect.Top, priceRect.Bottom);
        var volumeTop = priceRect.Bottom + PanelGap;
        var volumeRect = new PixelRect(0, width, volumeTop + volumeHeight, volumeTop);
        var rsiTop = volumeRect.Bottom + PanelGap;
        var rsiRect = new PixelRect(0, width, height, rsiTop);

        using var price = PricePlot(frame, timeTicks, padRight, priceTicks);
        using var volume = VolumePlot(frame, timeTicks, padRight, dataWidth);
        using var rsi = RsiPlot(frame, timeTicks, timeCaption, padRight);

        using var canvas = new ChartCanvas(width, height);
        canvas.Draw(price, priceRect);
        canvas.Draw(volume, volumeRect);
        canvas.Draw(rsi, rsiRect);

        DrawTitle(canvas, frame, request.Symbol);
        DrawTags(canvas, price, levels);
        DrawCaptions(canvas, frame, volume, rsi);
        return canvas.ToPng();
    }

    /// <summary>
    /// The candle interval a window of 1-minute candles from <paramref name="fromMs"/> to <paramref name="toMs"/> is drawn with
    /// (5 minutes or more when <paramref name="swing"/>, coarser when the window holds more than <see cref="CandleChartOptions.MaxCandles"/>),
    /// so callers can pass enough history before the window to warm the RSI up (10 × the RSI period of these candles).
    /// </summary>
    public Interval IntervalFor(long fromMs, long toMs, bool swing = false) =>
        new((int)(ChartFrame.ChartInterval(ChartTime.MinuteMs, fromMs, toMs, swing, _options.MaxCandles) / ChartTime.MinuteMs));

    /// <summary>The chart title: the options' title, else "SYMBOL · interval" (e.g. "BTCUSDT · 15m" when the window was resampled).</summary>
    internal string Title(ChartFrame frame, string symbol) => _options.Title ?? $"{symbol} · {IntervalText(frame.IntervalMs)}";

    /// <summary>The chart model of <paramref name="request"/>: candles (resampled when capped), window, RSI guides, overlays.</summary>
    internal ChartFrame Plan(CandleChartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChartFrame.Build(request, _options);
    }

    internal static Plot PricePlot(ChartFrame frame, IReadOnlyList<(double X, string Label)> timeTicks, float padRight, NumericManual priceTicks)
    {
        var plot = ChartStyle.NewPlot(timeTicks, showTimeLabels: false);
        plot.Layout.Fixed(new PixelPadding(ChartStyle.PadLeft, padRight, 0, 0));
        plot.Axes.Right.TickGenerator = priceTicks;

        foreach (var overlay in frame.Overlays)
        {
            var trigger = ChartStyle.OnRight(plot, plot.Add.VerticalLine(ChartTime.ToX(frame.TriggerOpenMs(overlay)), 1, ChartStyle.Neutral.WithAlpha(0.55), LinePattern.Dotted));
            trigger.ExcludeFromLegend = true;
        }

        var ohlcs = new List<OHLC>(frame.Count);
        for (var i = frame.First; i <= frame.Last; i++)
        {
            var c = frame.Candles[i];
            ohlcs.Add(new OHLC(c.Open, c.High, c.Low, c.Close, DateTime.UnixEpoch.AddMilliseconds(c.OpenTimeMs), TimeSpan.FromMilliseconds(frame.IntervalMs)));
        }

        var candles = ChartStyle.OnRight(plot, plot.Add.Candlestick(ohlcs));
        candles.SymbolWidth = CandleBodyShare;
        candles.RisingFillStyle.Color = ChartStyle.Up;
        candles.FallingFillStyle.Color = ChartStyle.Down;
        candles.RisingLineStyle.Color = ChartStyle.Up;
        candles.FallingLineStyle.Color = ChartStyle.Down;
        candles.RisingLineStyle.Width = 1;
        candles.FallingLineStyle.Width = 1;

        var range = frame.PriceMax - frame.PriceMin;
        foreach (var overlay in frame.Overlays)
        {
            AddLevels(plot, frame, overlay);
            var triggerIndex = frame.IndexAt(frame.TriggerOpenMs(overlay));
            if (triggerIndex >= 0)
            {
                var c = frame.Candles[triggerIndex];
                var isLong = overlay.Side == Direction.Long;
                var y = isLong ? c.Low - range * TriggerMarkerOffset : c.High + range * TriggerMarkerOffset;
                var marker = ChartStyle.OnRight(plot, plot.Add.Marker(ChartTime.ToX(c.OpenTimeMs), y,
                    isLong ? MarkerShape.FilledTriangleUp : MarkerShape.FilledTriangleDown, TriggerMarkerSize, isLong ? ChartStyle.Up : ChartStyle.Down));
                marker.MarkerLineColor = Colors.White;
                marker.MarkerLineWidth = 1;
            }
        }

        plot.Axes.SetLimitsX(frame.XMin, frame.XMax, plot.Axes.Bottom);
        plot.Axes.SetLimitsY(frame.PriceMin, frame.PriceMax, plot.Axes.Right);
        return plot;
    }

    private static void AddLevels(Plot plot, ChartFrame frame, SignalOverlay overlay)
    {
        // the levels start where the position was entered: the close of the trigger candle
        var entryX = frame.EntryX(overlay);
        var x1 = Math.Max(entryX, frame.XMin);
        var x2 = overlay.Exit is { } e ? Math.Min(ChartTime.ToX(e.TimeMs), frame.XMax) : frame.XMax;
        AddLevelLine(plot, x1, x2, overlay.TakeProfit, ChartStyle.Up);
        AddLevelLine(plot, x1, x2, overlay.StopLoss, ChartStyle.Down);
        AddLevelLine(plot, x1, x2, overlay.Entry, ChartStyle.Entry);

        if (overlay.Exit is { } exit && exit.TimeMs >= frame.FromMs && exit.TimeMs <= frame.ToMs + frame.IntervalMs)
        {
            var color = ExitColor(overlay, exit);
            var path = ChartStyle.OnRight(plot, plot.Add.Line(entryX, overlay.Entry, ChartTime.ToX(exit.TimeMs), exit.Price));
            path.LineColor = color.WithAlpha(0.8);
            path.LineWidth = 1.5f;
            path.LinePattern = LinePattern.Dotted;
            var marker = ChartStyle.OnRight(plot, plot.Add.Marker(ChartTime.ToX(exit.TimeMs), exit.Price, MarkerShape.FilledDiamond, ExitMarkerSize, color));
            marker.MarkerLineColor = Colors.White;
            marker.MarkerLineWidth = 1;
        }
    }

    private static void AddLevelLine(Plot plot, double x1, double x2, double price, Color color)
    {
        if (x2 <= x1)
        {
            return;
        }

        var line = ChartStyle.OnRight(plot, plot.Add.Line(x1, price, x2, price));
        line.LineColor = color;
        line.LineWidth = 1.5f;
        line.LinePattern = LinePattern.Dashed;
    }

    private static Color ExitColor(SignalOverlay overlay, TradeExitOverlay exit)
    {
        var gained = overlay.Side == Direction.Long ? exit.Price - overlay.Entry : overlay.Entry - exit.Price;
        return exit.Reason switch
        {
            ExitReason.TakeProfit => ChartStyle.Up,
            ExitReason.StopLoss => ChartStyle.Down,
            _ => gained >= 0 ? ChartStyle.Up : ChartStyle.Down,
        };
    }

    private static Plot VolumePlot(ChartFrame frame, IReadOnlyList<(double X, string Label)> timeTicks, float padRight, float dataWidth)
    {
        var plot = ChartStyle.NewPlot(timeTicks, showTimeLabels: false);
        plot.Layout.Fixed(new PixelPadding(ChartStyle.PadLeft, padRight, 0, 0));
        plot.Axes.Right.TickGenerator = new NumericAutomatic { LabelFormatter = NumberText.Compact, TargetTickCount = 2 };

        var bars = new List<Bar>(frame.Count);
        var maxVolume = 0.0;
        var barWidth = ChartTime.Span(frame.IntervalMs) * CandleBodyShare;

        // Bars a few pixels wide read well half transparent; hairline bars of a long window need full strength.
        var alpha = dataWidth / frame.Count >= DenseCandlePx ? 0.55 : 0.9;
        for (var i = frame.First; i <= frame.Last; i++)
        {
            var c = frame.Candles[i];
            maxVolume = Math.Max(maxVolume, c.Volume);
            var color = (c.Close >= c.Open ? ChartStyle.Up : ChartStyle.Down).WithAlpha(alpha);
            bars.Add(new Bar
            {
                Position = ChartTime.ToX(c.OpenTimeMs),
                Value = c.Volume,
                Size = barWidth,
                FillColor = color,
                LineWidth = 0,
            });
        }

        ChartStyle.OnRight(plot, plot.Add.Bars(bars));
        foreach (var overlay in frame.Overlays)
        {
            ChartStyle.OnRight(plot, plot.Add.VerticalLine(ChartTime.ToX(frame.TriggerOpenMs(overlay)), 1, ChartStyle.Neutral.WithAlpha(0.55), LinePattern.Dotted));
        }

        plot.Axes.SetLimitsX(frame.XMin, frame.XMax, plot.Axes.Bottom);
        plot.Axes.SetLimitsY(0, maxVolume > 0 ? maxVolume * VolumeHeadRoom : 1, plot.Axes.Right);
        return plot;
    }

    internal static Plot RsiPlot(ChartFrame frame, IReadOnlyList<(double X, string Label)> timeTicks, string timeCaption, float padRight)
    {
        var plot = ChartStyle.NewPlot(timeTicks, showTimeLabels: true);
        plot.Layout.Fixed(new PixelPadding(ChartStyle.PadLeft, padRight, TimeAxisHeight, 0));
        plot.Axes.Bottom.Label.Text = timeCaption;

        var yTicks = new NumericManual();
        yTicks.AddMajor(frame.Oversold, NumberText.Tick(frame.Oversold));
        yTicks.AddMajor(50, "50");
        yTicks.AddMajor(frame.Overbought, NumberText.Tick(frame.Overbought));
        plot.Axes.Right.TickGenerator = yTicks;

        var band = ChartStyle.OnRight(plot, plot.Add.VerticalSpan(frame.Oversold, frame.Overbought, ChartStyle.Rsi.WithAlpha(0.06)));
        band.LineWidth = 0;
        foreach (var guide in new[] { frame.Oversold, frame.Overbought })
        {
            var line = ChartStyle.OnRight(plot, plot.Add.HorizontalLine(guide, 1, ChartStyle.Neutral, LinePattern.Dashed));
            line.ExcludeFromLegend = true;
        }

        foreach (var overlay in frame.Overlays)
        {
            ChartStyle.OnRight(plot, plot.Add.VerticalLine(ChartTime.ToX(frame.TriggerOpenMs(overlay)), 1, ChartStyle.Neutral.WithAlpha(0.55), LinePattern.Dotted));
        }

        var xs = new List<double>(frame.Count);
        var ys = new List<double>(frame.Count);
        for (var i = frame.First; i <= frame.Last; i++)
        {
            var value = frame.Rsi[i - frame.First];
            if (!double.IsNaN(value))
            {
                xs.Add(ChartTime.ToX(frame.Candles[i].OpenTimeMs));
                ys.Add(value);
            }
        }

        if (xs.Count > 0)
        {
            var line = ChartStyle.OnRight(plot, plot.Add.ScatterLine(xs, ys, ChartStyle.Rsi));
            line.LineWidth = 1.5f;
        }

        plot.Axes.SetLimitsX(frame.XMin, frame.XMax, plot.Axes.Bottom);
        plot.Axes.SetLimitsY(0, 100, plot.Axes.Right);
        return plot;
    }

    private void DrawTitle(ChartCanvas canvas, ChartFrame frame, string symbol)
    {
        var center = TitleHeight / 2;
        var first = frame.Candles[frame.First];
        var last = frame.Candles[frame.Last];
        var change = (last.Close - first.Open) / first.Open * 100;
        var summary = $"{frame.PriceText(last.Close)}  {NumberText.Percent(change)}";
        var summaryBox = canvas.Text(summary, canvas.Width - TitleMargin, center, ChartStyle.TickFontSize,
            change >= 0 ? ChartStyle.Up : ChartStyle.Down, bold: true, align: SKTextAlign.Right);

        var title = Title(frame, symbol);
        var titleBox = canvas.Text(title, TitleMargin, center, ChartStyle.TitleFontSize, ChartStyle.Text, bold: true);
        if (_options.Title is not null)
        {
            return;
        }

        // The window in words, when it fits between the title and the summary (the time axis names the date anyway).
        var window = $"{ChartTime.Minute(frame.FromMs)} – {ChartTime.Minute(frame.ToMs)[(ChartTime.Minute(frame.FromMs)[..10] == ChartTime.Minute(frame.ToMs)[..10] ? 11 : 0)..]} UTC";
        var windowLeft = titleBox.Right + 10;
        if (windowLeft + ChartCanvas.Measure(window, ChartStyle.CaptionFontSize + 1, bold: false) + 12 < summaryBox.Left)
        {
            canvas.Text(window, windowLeft, center, ChartStyle.CaptionFontSize + 1, ChartStyle.MutedText);
        }
    }

    private static void DrawTags(ChartCanvas canvas, Plot price, IReadOnlyList<Level> levels)
    {
        var data = price.LastRender.DataRect;
        var tags = PlaceTags(levels, p => price.GetPixel(new Coordinates(0, p), price.Axes.Bottom, price.Axes.Right).Y, data.Top, data.Bottom);
        var left = data.Right + 2;
        var right = canvas.Width - 2f;
        foreach (var (level, pinned, y) in tags)
        {
            using var fill = new SKPaint { Color = level.Color.ToSKColor(), IsAntialias = true };
            canvas.Canvas.DrawRoundRect(new SKRect(left, y - TagHeight / 2, right, y + TagHeight / 2), 3, 3, fill);
            canvas.Text(level.Text(pinned), left + 4, y, ChartStyle.TagFontSize, Colors.White, bold: true, padding: 0);
        }
    }

    /// <summary>
    /// Where each level's tag goes (centre y, px) on a panel spanning <paramref name="top"/>..<paramref name="bottom"/>:
    /// at its price when on the scale, pinned to the nearest edge when not, then pushed apart so no two overlap.
    /// </summary>
    private static IReadOnlyList<(Level Level, bool Pinned, float Y)> PlaceTags(IReadOnlyList<Level> levels, Func<double, float> pixelOf, float top, float bottom)
    {
        var first = top + TagHeight / 2;
        var last = bottom - TagHeight / 2;
        var placed = levels
            .Select(l => (Level: l, Y: pixelOf(l.Price)))
            .Select(p => (p.Level, Pinned: p.Y < top || p.Y > bottom, Y: Math.Clamp(p.Y, first, last)))
            .OrderBy(p => p.Y)
            .ToArray();

        // Push overlapping tags apart, top to bottom, then back up from the bottom edge if they ran out of room.
        for (var i = 1; i < placed.Length; i++)
        {
            placed[i].Y = Math.Max(placed[i].Y, placed[i - 1].Y + TagHeight + TagGap);
        }

        if (placed.Length > 0 && placed[^1].Y > last)
        {
            placed[^1].Y = last;
            for (var i = placed.Length - 2; i >= 0; i--)
            {
                placed[i].Y = Math.Min(placed[i].Y, placed[i + 1].Y - TagHeight - TagGap);
            }
        }

        return placed;
    }

    /// <summary>Price tick labels, without those a tag would cover (the tag names its own price).</summary>
    private static NumericManual PriceTicks(IReadOnlyList<(double Value, string Label)> ticks, IReadOnlyList<Level> levels, ChartFrame frame, float top, float bottom)
    {
        float PixelOf(double price) => top + (float)((frame.PriceMax - price) / (frame.PriceMax - frame.PriceMin)) * (bottom - top);

        var tags = PlaceTags(levels, PixelOf, top, bottom);
        var generator = new NumericManual();
        foreach (var (value, label) in ticks)
        {
            var y = PixelOf(value);
            var covered = tags.Any(t => Math.Abs(t.Y - y) < TagHeight / 2 + TickLabelHalfHeight);
            generator.AddMajor(value, covered ? string.Empty : label);
        }

        return generator;
    }

    private static void DrawCaptions(ChartCanvas canvas, ChartFrame frame, Plot volume, Plot rsi)
    {
        var captionBackground = ChartStyle.Background.WithAlpha(0.85);
        var volumeData = volume.LastRender.DataRect;
        var lastVolume = frame.Candles[frame.Last].Volume;
        canvas.Text($"Vol {NumberText.Compact(lastVolume)}", volumeData.Left + 6, volumeData.Top + 10, ChartStyle.CaptionFontSize, ChartStyle.MutedText,
            background: captionBackground);

        var rsiData = rsi.LastRender.DataRect;
        var lastRsi = frame.Rsi[^1];
        var rsiText = double.IsNaN(lastRsi) ? $"RSI({frame.RsiPeriod})" : $"RSI({frame.RsiPeriod}) {lastRsi.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}";
        canvas.Text(rsiText, rsiData.Left + 6, rsiData.Top + 10, ChartStyle.CaptionFontSize, ChartStyle.Rsi, bold: true, background: captionBackground);
    }

    private static string IntervalText(long intervalMs) => intervalMs switch
    {
        _ when intervalMs % ChartTime.DayMs == 0 => $"{intervalMs / ChartTime.DayMs}d",
        _ when intervalMs % (60 * ChartTime.MinuteMs) == 0 => $"{intervalMs / (60 * ChartTime.MinuteMs)}h",
        _ when intervalMs % ChartTime.MinuteMs == 0 => $"{intervalMs / ChartTime.MinuteMs}m",
        _ => $"{intervalMs / 1000}s",
    };

    /// <summary>A price level tagged on the price axis.</summary>
    private sealed record Level(string Name, double Price, Color Color, bool Above, string PriceText)
    {
        public string Text(bool pinned) => pinned
            ? $"{Name} {(Above ? "▲" : "▼")} {PriceText}"
            : $"{Name} {PriceText}";
    }

    /// <summary>Tags for the latest overlay only: several signals' tags on one axis would be unreadable.</summary>
    internal static IReadOnlyList<string> TagTexts(ChartFrame frame) => TaggedLevels(frame).Select(l => l.Text(pinned: false)).ToArray();

    private static IReadOnlyList<Level> TaggedLevels(ChartFrame frame)
    {
        if (frame.Overlays.Count == 0)
        {
            return [];
        }

        var o = frame.Overlays[^1];
        return
        [
            new Level("TP", o.TakeProfit, ChartStyle.Up, o.TakeProfit > frame.PriceMax, frame.PriceText(o.TakeProfit)),
            new Level("Entry", o.Entry, ChartStyle.Entry, o.Entry > frame.PriceMax, frame.PriceText(o.Entry)),
            new Level("SL", o.StopLoss, ChartStyle.Down, o.StopLoss > frame.PriceMax, frame.PriceText(o.StopLoss)),
        ];
    }
}

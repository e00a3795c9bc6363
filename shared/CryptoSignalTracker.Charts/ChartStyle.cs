using ScottPlot;
using ScottPlot.TickGenerators;

namespace CryptoSignalTracker.Charts;

/// <summary>The look shared by every chart: a light theme, colours traders know, fonts sized for a phone at 640 px.</summary>
internal static class ChartStyle
{
    /// <summary>Rising candle / profit.</summary>
    public static readonly Color Up = Color.FromHex("#089981");

    /// <summary>Falling candle / loss.</summary>
    public static readonly Color Down = Color.FromHex("#F23645");

    /// <summary>Entry level.</summary>
    public static readonly Color Entry = Color.FromHex("#2962FF");

    /// <summary>Neutral marks (TIME / END exits, trigger line, guides).</summary>
    public static readonly Color Neutral = Color.FromHex("#787B86");

    /// <summary>RSI line.</summary>
    public static readonly Color Rsi = Color.FromHex("#7E57C2");

    /// <summary>Main text.</summary>
    public static readonly Color Text = Color.FromHex("#131722");

    /// <summary>Secondary text (axis ticks, captions).</summary>
    public static readonly Color MutedText = Color.FromHex("#50535E");

    /// <summary>Grid lines.</summary>
    public static readonly Color Grid = Color.FromHex("#ECEEF2");

    /// <summary>Panel frames.</summary>
    public static readonly Color Frame = Color.FromHex("#C9CCD4");

    /// <summary>Figure background.</summary>
    public static readonly Color Background = Colors.White;

    /// <summary>Tick label size, px.</summary>
    public const float TickFontSize = 13;

    /// <summary>Axis caption size, px.</summary>
    public const float CaptionFontSize = 12;

    /// <summary>Title size, px.</summary>
    public const float TitleFontSize = 16;

    /// <summary>Price tag (level label) size, px.</summary>
    public const float TagFontSize = 12;

    /// <summary>Left padding of every panel, px.</summary>
    public const float PadLeft = 24;

    /// <summary>
    /// A plot with the common look: white, light grid, value axis on the right, no left axis, embedded font,
    /// time ticks given by the caller (<paramref name="timeTicks"/>; labels shown only when <paramref name="showTimeLabels"/>).
    /// </summary>
    public static Plot NewPlot(IReadOnlyList<(double X, string Label)> timeTicks, bool showTimeLabels)
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.FigureBackground.Color = Background;
        plot.DataBackground.Color = Background;

        var xTicks = new NumericManual();
        foreach (var (x, label) in timeTicks)
        {
            xTicks.AddMajor(x, showTimeLabels ? label : string.Empty);
        }

        plot.Axes.Bottom.TickGenerator = xTicks;
        plot.Axes.Left.IsVisible = false;
        plot.Axes.Right.IsVisible = true;
        plot.Axes.Top.IsVisible = false;

        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontName = ChartFonts.Name;
            axis.TickLabelStyle.FontSize = TickFontSize;
            axis.TickLabelStyle.ForeColor = MutedText;
            axis.Label.FontName = ChartFonts.Name;
            axis.Label.FontSize = CaptionFontSize;
            axis.Label.Bold = false;
            axis.Label.ForeColor = MutedText;
            axis.MajorTickStyle.Color = Frame;
            axis.MinorTickStyle.Length = 0;
            axis.FrameLineStyle.Color = Frame;
        }

        if (!showTimeLabels)
        {
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
        }

        plot.Grid.XAxis = plot.Axes.Bottom;
        plot.Grid.YAxis = plot.Axes.Right;
        plot.Grid.MajorLineColor = Grid;
        plot.Grid.MajorLineWidth = 1;
        plot.Grid.MinorLineWidth = 0;
        return plot;
    }

    /// <summary>Puts <paramref name="plottable"/> on the right value axis (the one with the ticks).</summary>
    public static T OnRight<T>(Plot plot, T plottable)
        where T : IPlottable
    {
        plottable.Axes.YAxis = plot.Axes.Right;
        return plottable;
    }
}

using ScottPlot;
using SkiaSharp;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// One raster image made of several ScottPlot panels stacked vertically, plus text drawn directly with Skia
/// (title, captions, price tags) where ScottPlot gives too little control over placement.
/// </summary>
internal sealed class ChartCanvas : IDisposable
{
    private readonly SKSurface _surface;

    /// <summary>A white canvas of the given size.</summary>
    public ChartCanvas(int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        _surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}x{height} raster surface");
        Width = width;
        Height = height;
        Canvas.Clear(ChartStyle.Background.ToSKColor());
    }

    /// <summary>Image width, px.</summary>
    public int Width { get; }

    /// <summary>Image height, px.</summary>
    public int Height { get; }

    /// <summary>The Skia canvas.</summary>
    public SKCanvas Canvas => _surface.Canvas;

    /// <summary>Renders <paramref name="plot"/> into <paramref name="rect"/>.</summary>
    public void Draw(Plot plot, PixelRect rect)
    {
        Canvas.Save();
        Canvas.ClipRect(new SKRect(rect.Left, rect.Top, rect.Right, rect.Bottom));
        plot.Render(Canvas, rect);
        Canvas.Restore();
    }

    /// <summary>Width of <paramref name="text"/> in px.</summary>
    public static float Measure(string text, float size, bool bold)
    {
        using var font = new SKFont(bold ? ChartFonts.Bold : ChartFonts.Regular, size);
        return font.MeasureText(text);
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its vertical centre at <paramref name="centerY"/>, starting at
    /// <paramref name="x"/> (left aligned) or ending there (right aligned), optionally on a rounded background.
    /// Returns the drawn box.
    /// </summary>
    public SKRect Text(string text, float x, float centerY, float size, Color color, bool bold = false,
        SKTextAlign align = SKTextAlign.Left, Color? background = null, float padding = 3)
    {
        using var font = new SKFont(bold ? ChartFonts.Bold : ChartFonts.Regular, size) { Edging = SKFontEdging.Antialias };
        var width = font.MeasureText(text);
        var metrics = font.Metrics;
        var textHeight = metrics.Descent - metrics.Ascent;
        var left = align switch
        {
            SKTextAlign.Right => x - width,
            SKTextAlign.Center => x - width / 2,
            _ => x,
        };
        var box = new SKRect(left - padding, centerY - textHeight / 2 - padding / 2, left + width + padding, centerY + textHeight / 2 + padding / 2);
        if (background is { } fill)
        {
            using var bg = new SKPaint { Color = fill.ToSKColor(), IsAntialias = true, Style = SKPaintStyle.Fill };
            Canvas.DrawRoundRect(box, 2, 2, bg);
        }

        using var paint = new SKPaint { Color = color.ToSKColor(), IsAntialias = true };
        var baseline = centerY - (metrics.Ascent + metrics.Descent) / 2;
        Canvas.DrawText(text, left, baseline, SKTextAlign.Left, font, paint);
        return box;
    }

    /// <summary>Encodes the canvas as PNG.</summary>
    public byte[] ToPng()
    {
        using var image = _surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG");
        return data.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _surface.Dispose();
}

using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace CryptoSignalTracker.Charts;

/// <summary>
/// The chart typeface (DejaVu Sans, embedded in this assembly). Every label is drawn with it, so a chart
/// renders the same pixels on a laptop and in a container that has no fonts installed.
/// </summary>
internal static class ChartFonts
{
    /// <summary>Font name under which ScottPlot resolves the embedded typeface (unique, so no system font shadows it).</summary>
    public const string Name = "CST DejaVu Sans";

    private static readonly Lazy<(SKTypeface Regular, SKTypeface Bold)> _typefaces = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The regular weight.</summary>
    public static SKTypeface Regular => _typefaces.Value.Regular;

    /// <summary>The bold weight.</summary>
    public static SKTypeface Bold => _typefaces.Value.Bold;

    /// <summary>Loads the typefaces and registers them with ScottPlot once; call before building any plot.</summary>
    public static void EnsureRegistered() => _ = _typefaces.Value;

    private static (SKTypeface, SKTypeface) Load()
    {
        var regular = LoadTypeface("DejaVuSans.ttf");
        var bold = LoadTypeface("DejaVuSans-Bold.ttf");

        // Fonts.FontResolvers is a plain list read during renders: it is written exactly once, here,
        // before this assembly builds its first plot.
        Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver(Name, regular, bold));
        return (regular, bold);
    }

    private static SKTypeface LoadTypeface(string fileName)
    {
        var resource = $"CryptoSignalTracker.Charts.Fonts.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded font resource {resource} is missing from the Charts assembly");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"embedded font resource {resource} is not a font SkiaSharp can read");
    }
}

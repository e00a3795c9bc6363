using ScottPlot;
using SkiaSharp;

namespace CryptoSignalTracker.Charts;

/// <summary>Answers ScottPlot's typeface look-ups for <see cref="ChartFonts.Name"/> with the embedded typefaces.</summary>
internal sealed class EmbeddedFontResolver(string name, SKTypeface regular, SKTypeface bold) : IFontResolver
{
    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, bool bold1, bool italic) =>
        string.Equals(fontName, name, StringComparison.Ordinal) ? (bold1 ? bold : regular) : null;

    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
}

using SkiaSharp;

namespace CryptoSignalTracker.Charts.Tests;

/// <summary>Checks on rendered PNG bytes.</summary>
internal static class Png
{
    private static readonly byte[] _signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(byte[] bytes) => bytes.Length > _signature.Length && bytes.AsSpan(0, _signature.Length).SequenceEqual(_signature);

    public static SKBitmap Decode(byte[] bytes) =>
        SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("SkiaSharp could not decode the PNG");

    /// <summary>Variance of the pixels' luminance (0 for a blank image).</summary>
    public static double LuminanceVariance(SKBitmap bitmap)
    {
        double sum = 0, sumSq = 0;
        var n = 0;
        foreach (var p in bitmap.Pixels)
        {
            var y = 0.299 * p.Red + 0.587 * p.Green + 0.114 * p.Blue;
            sum += y;
            sumSq += y * y;
            n++;
        }

        var mean = sum / n;
        return sumSq / n - mean * mean;
    }

    /// <summary>Pixels within <paramref name="tolerance"/> per channel of <paramref name="color"/>.</summary>
    public static int Count(SKBitmap bitmap, SKColor color, int tolerance = 8) =>
        bitmap.Pixels.Count(p =>
            Math.Abs(p.Red - color.Red) <= tolerance &&
            Math.Abs(p.Green - color.Green) <= tolerance &&
            Math.Abs(p.Blue - color.Blue) <= tolerance);
}

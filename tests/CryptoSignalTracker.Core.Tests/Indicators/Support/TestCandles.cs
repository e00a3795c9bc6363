using System.Globalization;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Indicators.Support;

/// <summary>
/// A deliberately tiny reader for the bundled <c>timestamp|date,open,high,low,close,volume</c> files, so these
/// tests do not depend on the product's readers. Paths are relative to the repository's <c>data/</c> folder,
/// which the test project copies to its output.
/// </summary>
public static class TestCandles
{
    /// <summary>Bundled Bybit BTCUSDT 1m candles (30 days).</summary>
    public const string Btc = "sample/bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv";

    /// <summary>Bundled Bybit SOLUSDT 1m candles (30 days).</summary>
    public const string Sol = "sample/bybit_linear_SOLUSDT_1m_2025-05-30_2025-06-29.csv";

    /// <summary>Skender's 502 daily quotes.</summary>
    public const string Skender = "reference/skender/default.csv";

    private static readonly Dictionary<string, Candle[]> _cache = [];

    /// <summary>Full path of a file under the copied <c>data/</c> folder.</summary>
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "data", relative);

    /// <summary>Loads (once) and returns the candles of a bundled file.</summary>
    public static Candle[] Load(string relative)
    {
        lock (_cache)
        {
            if (!_cache.TryGetValue(relative, out var candles))
            {
                candles = Parse(PathOf(relative));
                _cache[relative] = candles;
            }

            return candles;
        }
    }

    /// <summary>A candle at minute <paramref name="index"/> with the given high, low and close (open = close, volume 1).</summary>
    public static Candle Bar(int index, double high, double low, double close, double volume = 1) =>
        new(index * 60_000L, close, high, low, close, volume);

    private static Candle[] Parse(string path)
    {
        var result = new List<Candle>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            var time = DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            result.Add(new Candle(
                time.ToUnixTimeMilliseconds(),
                double.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture),
                double.Parse(f[5], CultureInfo.InvariantCulture)));
        }

        return [.. result];
    }
}

using System.Globalization;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>Real Bybit 1-minute BTCUSDT candles from the repository's bundled sample (data/sample).</summary>
public static class RealCandles
{
    private const string SampleFile = "data/sample/bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv";
    private static readonly Lazy<Candle[]> All = new(Load);

    /// <summary>The first <paramref name="count"/> candles (file columns: timestamp,open,high,low,close,volume).</summary>
    public static Candle[] Take(int count) => All.Value[..count];

    /// <summary>
    /// The first <paramref name="count"/> candles with our extra columns filled in (trades, taker buy/sell
    /// volume split deterministically from the real volume), so every column is exercised.
    /// </summary>
    public static Candle[] TakeWithFlow(int count) => Take(count)
        .Select((c, i) => c with { Trades = 10 + i, BuyVolume = Math.Round(c.Volume * 0.6, 3), SellVolume = c.Volume - Math.Round(c.Volume * 0.6, 3) })
        .ToArray();

    /// <summary>The repository root (the folder holding CryptoSignalTracker.sln).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no CryptoSignalTracker.sln above {AppContext.BaseDirectory}");
    }

    private static Candle[] Load()
    {
        var path = Path.Combine(RepositoryRoot(), SampleFile);
        return File.ReadLines(path)
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new Candle(
                DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
                double.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture),
                double.Parse(f[5], CultureInfo.InvariantCulture)))
            .ToArray();
    }
}

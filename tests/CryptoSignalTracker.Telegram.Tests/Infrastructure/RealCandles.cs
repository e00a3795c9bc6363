using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>The bundled real BTCUSDT month (data/sample), read once.</summary>
public static class RealCandles
{
    private static readonly Lazy<List<Candle>> _btc = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");
        return [.. CandleCsvReader.ReadFile(path)];
    });

    /// <summary>All candles of the month.</summary>
    public static List<Candle> Btc() => _btc.Value;
}

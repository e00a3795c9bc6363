using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;

namespace CryptoSignalTracker.Core.Tests.Backtesting;

/// <summary>The bundled real Bybit 1-minute candles (data/sample), read once per test run.</summary>
internal static class RealData
{
    private static readonly Lazy<IReadOnlyList<SymbolSeries>> Series = new(() =>
    [
        new SymbolSeries("BTCUSDT", CandleCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv"))),
        new SymbolSeries("SOLUSDT", CandleCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_SOLUSDT_1m_2025-05-30_2025-06-29.csv"))),
    ]);

    public static IReadOnlyList<SymbolSeries> BtcAndSol => Series.Value;
}

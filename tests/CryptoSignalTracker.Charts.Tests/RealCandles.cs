using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Charts.Tests;

/// <summary>The bundled real month of Bybit BTCUSDT 1-minute candles, read once per test run.</summary>
internal static class RealCandles
{
    public static string BtcPath { get; } = Path.Combine(AppContext.BaseDirectory, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");

    private static readonly Lazy<IReadOnlyList<Candle>> _btc = new(() => CandleCsvReader.ReadFile(BtcPath));

    public static IReadOnlyList<Candle> Btc => _btc.Value;

    public static long Ms(string isoUtc) => DateTimeOffset.Parse(isoUtc, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    /// <summary>The candle opening at <paramref name="isoUtc"/>.</summary>
    public static Candle At(string isoUtc)
    {
        var t = Ms(isoUtc);
        return Btc.First(c => c.OpenTimeMs == t);
    }

    /// <summary>A LONG set-up on the strong rally of 2025-06-23 ~22:00 UTC, closed at its take-profit 14 minutes later.</summary>
    public static SignalOverlay RallyLong()
    {
        var trigger = At("2025-06-23T21:58:00Z");
        var entry = trigger.Close;
        return new SignalOverlay(trigger.OpenTimeMs, Direction.Long, entry, entry * 0.996, entry * 1.008,
            new TradeExitOverlay(Ms("2025-06-23T22:12:00Z"), entry * 1.008, ExitReason.TakeProfit));
    }
}

using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// Real Binance USD-M trades of BTCUSDT and ETHUSDT over the same eight minutes (data/sample, 2024-07-18 23:57 to
/// 2024-07-19 00:05 UTC), and the candles <c>cst aggregate</c> makes of them.
/// </summary>
public static class RealTrades
{
    public static readonly long StartMs = new DateTimeOffset(2024, 7, 18, 23, 57, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public const int Minutes = 8;

    public static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT"];

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<Trade>>> _trades = new(Load);

    /// <summary>The window's trades of <paramref name="symbol"/>, in time order.</summary>
    public static IReadOnlyList<Trade> Of(string symbol) => _trades.Value[symbol];

    /// <summary>What <c>cst aggregate</c> gives for the window's trades of <paramref name="symbol"/>.</summary>
    public static IReadOnlyList<Candle> Candles(string symbol) => CandleAggregator.Aggregate([.. Of(symbol)]).Candles;

    /// <summary>The Binance trade id as text (the fake Bybit sends it as the trade's <c>i</c>).</summary>
    public static string IdText(Trade trade) => (trade.Id.Low & long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyDictionary<string, IReadOnlyList<Trade>> Load()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "data", "sample");
        var end = StartMs + (Minutes * SourceData.MinuteMs);
        return Symbols.ToDictionary(
            s => s,
            s => (IReadOnlyList<Trade>)[.. TradeCsvReader.ReadFile(Directory.GetFiles(dir, $"binance_usdm_{s}_trades_*.csv").Single(), s)
                .Where(t => t.TimeMs >= StartMs && t.TimeMs < end).OrderBy(t => t.TimeMs)]);
    }
}

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// Each symbol's price tick size, for rounding the prices people see (alerts, charts) to prices the exchange can quote:
/// a built-in table of the nine symbols (Bybit linear), overridden by the <c>instruments.json</c> that <c>cst download</c>
/// writes from <c>instruments-info</c> (read through <see cref="InstrumentsFile"/>). A symbol in neither is not rounded:
/// the formatters then show their usual significant digits (7 in alerts, about 6 on charts).
/// </summary>
public sealed class TickSizes
{
    private static readonly Dictionary<string, decimal> _builtIn = new(StringComparer.Ordinal)
    {
        // BTC, ETH, SOL, ADA, DOGE: the decimals of the bundled and shared Bybit linear month of candles (2025-06);
        // XRP, SEI, LINK, SUI: Bybit linear priceFilter.tickSize as known in 2025, not re-read here (cst download refreshes them)
        ["BTCUSDT"] = 0.1m,
        ["ETHUSDT"] = 0.01m,
        ["SOLUSDT"] = 0.01m,
        ["XRPUSDT"] = 0.0001m,
        ["DOGEUSDT"] = 0.00001m,
        ["SEIUSDT"] = 0.0001m,
        ["LINKUSDT"] = 0.001m,
        ["SUIUSDT"] = 0.0001m,
        ["ADAUSDT"] = 0.0001m,
    };

    private readonly IReadOnlyDictionary<string, decimal> _ticks;

    private TickSizes(IReadOnlyDictionary<string, decimal> ticks) => _ticks = ticks;

    /// <summary>The built-in table only.</summary>
    public static TickSizes BuiltIn { get; } = new(_builtIn);

    /// <summary>
    /// The built-in table overridden (and extended) by the instruments file at <paramref name="instrumentsPath"/>; null or empty:
    /// <see cref="BuiltIn"/>.
    /// </summary>
    /// <exception cref="DataFormatException">The file is not a valid instruments file (names what).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TickSizes Load(string? instrumentsPath)
    {
        if (string.IsNullOrWhiteSpace(instrumentsPath))
        {
            return BuiltIn;
        }

        var ticks = new Dictionary<string, decimal>(_builtIn, StringComparer.Ordinal);
        foreach (var (symbol, spec) in InstrumentsFile.Read(instrumentsPath))
        {
            ticks[symbol] = (decimal)spec.TickSize;
        }

        return new TickSizes(ticks);
    }

    /// <summary>The tick size of <paramref name="symbol"/>, or null when it is not known.</summary>
    public decimal? TickSize(string symbol) => _ticks.TryGetValue(symbol, out var tick) ? tick : null;

    /// <summary>Decimals of the tick size (0.01 → 2, 0.5 → 1, 1 → 0), or null when the symbol is not known.</summary>
    public int? Decimals(string symbol) => TickSize(symbol) is { } tick ? (tick / 1.000000000000000000000000000m).Scale : null;

    /// <summary>
    /// <paramref name="price"/> rounded to the nearest tick of <paramref name="symbol"/> (halves away from zero), in decimal
    /// so the result is the double nearest to the exact tick multiple (SOL 158.7156 → 158.72). Unknown symbols, NaN,
    /// infinities and prices beyond decimal range come back unchanged.
    /// </summary>
    public double Round(string symbol, double price)
    {
        if (TickSize(symbol) is not { } tick || !double.IsFinite(price) || Math.Abs(price) >= 1e20)
        {
            return price;
        }

        return (double)(Math.Round((decimal)price / tick, MidpointRounding.AwayFromZero) * tick);
    }
}

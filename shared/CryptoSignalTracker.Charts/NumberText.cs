using System.Globalization;

namespace CryptoSignalTracker.Charts;

/// <summary>How prices, volumes and percentages are written on charts (invariant culture, thousands separators).</summary>
internal static class NumberText
{
    /// <summary>
    /// A price with as many decimals as its size needs to show about six significant digits:
    /// <c>105,234.5</c>, <c>2,650.12</c>, <c>150.123</c>, <c>0.18234</c>.
    /// </summary>
    public static string Price(double price) => Price(price, null);

    /// <summary>A price with <paramref name="decimals"/> decimals (the symbol's tick size), or as <see cref="Price(double)"/> when null.</summary>
    public static string Price(double price, int? decimals)
    {
        if (decimals is { } fixedDecimals)
        {
            return price.ToString("N" + fixedDecimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        var magnitude = Math.Abs(price);
        int shown = magnitude switch
        {
            >= 10_000 => 1,
            >= 100 => 2,
            >= 1 => 3,
            0 => 2,
            _ => Math.Min(10, 4 - (int)Math.Floor(Math.Log10(magnitude))),
        };
        return price.ToString("N" + shown.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>An amount of money with two decimals: <c>10,272.40</c>.</summary>
    public static string Money(double amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>An axis tick: as few decimals as the value needs (ticks sit on round numbers).</summary>
    public static string Tick(double value) => value.ToString("#,0.##########", CultureInfo.InvariantCulture);

    /// <summary>A compact volume: <c>850</c>, <c>1.2K</c>, <c>3.4M</c>, <c>0.5</c>.</summary>
    public static string Compact(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude switch
        {
            >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "B",
            >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 1e3 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
            _ => value.ToString("0.##", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A signed percentage with two decimals: <c>+1.23%</c>, <c>-0.40%</c>.</summary>
    public static string Percent(double percent) =>
        percent.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%";
}

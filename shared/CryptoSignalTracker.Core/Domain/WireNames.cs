namespace CryptoSignalTracker.Core.Domain;

/// <summary>The spellings users and other tools see in JSON, CSV and messages.</summary>
public static class WireNames
{
    /// <summary><c>LONG</c> or <c>SHORT</c>.</summary>
    public static string Of(Direction side) => side == Direction.Long ? "LONG" : "SHORT";

    /// <summary><c>MICRO</c> or <c>SWING</c>.</summary>
    public static string Of(SignalKind kind) => kind == SignalKind.Micro ? "MICRO" : "SWING";

    /// <summary><c>TP</c>, <c>SL</c>, <c>TIME</c> or <c>END</c>.</summary>
    public static string Of(ExitReason reason) => reason switch
    {
        ExitReason.TakeProfit => "TP",
        ExitReason.StopLoss => "SL",
        ExitReason.Time => "TIME",
        _ => "END",
    };

    /// <summary>Parses <c>LONG</c>/<c>SHORT</c> (any case).</summary>
    public static Direction ParseDirection(string text) => text.Trim().ToUpperInvariant() switch
    {
        "LONG" => Direction.Long,
        "SHORT" => Direction.Short,
        _ => throw new FormatException($"'{text}' is not a direction (expected LONG or SHORT)"),
    };

    private const long MinUnixMs = -62_135_596_800_000;
    private const long MaxUnixMs = 253_402_300_799_999;

    /// <summary>ISO 8601 UTC with a Z, seconds precision when whole: <c>2025-05-30T16:39:00Z</c>.</summary>
    public static string Time(long unixMs)
    {
        if (unixMs < MinUnixMs || unixMs > MaxUnixMs)
        {
            // not a date a DateTimeOffset can hold (e.g. long.MaxValue from a hostile message): say the number
            return unixMs.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms";
        }

        var t = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
        return unixMs % 1000 == 0
            ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A number in shortest round-trip form (<c>104337.8</c>, never <c>1.043378E+05</c> for ordinary prices).</summary>
    public static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

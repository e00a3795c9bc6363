using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>Parses the wire spellings (<see cref="WireNames"/>) stores keep for enums; bad text throws <see cref="FormatException"/>.</summary>
public static class StoredEnums
{
    /// <summary><c>MICRO</c> / <c>SWING</c>.</summary>
    public static SignalKind ParseKind(string text) => text switch
    {
        "MICRO" => SignalKind.Micro,
        "SWING" => SignalKind.Swing,
        _ => throw new FormatException($"'{text}' is not a signal kind (expected MICRO or SWING)"),
    };

    /// <summary><c>TP</c>, <c>SL</c>, <c>TIME</c>, <c>END</c>.</summary>
    public static ExitReason ParseExitReason(string text) => text switch
    {
        "TP" => ExitReason.TakeProfit,
        "SL" => ExitReason.StopLoss,
        "TIME" => ExitReason.Time,
        "END" => ExitReason.End,
        _ => throw new FormatException($"'{text}' is not an exit reason (expected TP, SL, TIME or END)"),
    };
}

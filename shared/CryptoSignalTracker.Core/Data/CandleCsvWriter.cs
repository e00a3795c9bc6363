using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// Writes 1-minute candles in the layout of <c>data/sample</c> (what <see cref="CandleCsvReader"/> and
/// <c>cst backtest</c> read): <c>timestamp,open,high,low,close,volume</c>, the open time as
/// <c>2025-05-30 16:39:00+00:00</c>, numbers in shortest round-trip form, <c>\n</c> line ends.
/// </summary>
public static class CandleCsvWriter
{
    /// <summary>The header line (without the line end).</summary>
    public const string Header = "timestamp,open,high,low,close,volume";

    /// <summary>Appends the header line to <paramref name="text"/>.</summary>
    public static void AppendHeader(StringBuilder text) => text.Append(Header).Append('\n');

    /// <summary>Appends one candle row to <paramref name="text"/>.</summary>
    public static void AppendRow(StringBuilder text, Candle candle)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.Append(DateTimeOffset.FromUnixTimeMilliseconds(candle.OpenTimeMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'+00:00'", CultureInfo.InvariantCulture))
            .Append(',').Append(WireNames.Number(candle.Open))
            .Append(',').Append(WireNames.Number(candle.High))
            .Append(',').Append(WireNames.Number(candle.Low))
            .Append(',').Append(WireNames.Number(candle.Close))
            .Append(',').Append(WireNames.Number(candle.Volume))
            .Append('\n');
    }
}

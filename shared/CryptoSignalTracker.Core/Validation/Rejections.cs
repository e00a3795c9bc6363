using System.Diagnostics.Metrics;

namespace CryptoSignalTracker.Core.Validation;

/// <summary>
/// The count of inputs rejected by <see cref="InputRules"/> at each trust boundary: the metric
/// <c>cst.validation.rejected</c> (meter <see cref="MeterName"/>, tag <c>boundary</c>), exported by whatever
/// collects .NET metrics, and a per-boundary total for health output and tests. The caller also logs the
/// reason at warning (or dead-letters the message, which logs it).
/// </summary>
public static class Rejections
{
    /// <summary>Name of the meter the counter belongs to.</summary>
    public const string MeterName = "CryptoSignalTracker.Validation";

    /// <summary>Name of the counter.</summary>
    public const string CounterName = "cst.validation.rejected";

    /// <summary>Trades of a Bybit websocket frame.</summary>
    public const string BybitFrame = "bybit-frame";

    /// <summary>Trades reaching the Ingestor (time window of its clock).</summary>
    public const string Ingestor = "ingestor";

    /// <summary>Klines of a Bybit REST backfill.</summary>
    public const string BybitRest = "bybit-rest";

    /// <summary>A decoded bus message or pushed event the handler refused (dead-lettered).</summary>
    public const string Message = "message";

    /// <summary>A value read back from a store.</summary>
    public const string Store = "store";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Counter = Meter.CreateCounter<long>(CounterName, unit: "{input}", description: "Inputs rejected at a trust boundary");
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> Totals = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="count"/> rejected inputs at <paramref name="boundary"/> (e.g. <c>bybit-frame</c>, <c>raw-tick</c>).</summary>
    public static void Record(string boundary, long count = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        if (count <= 0)
        {
            return;
        }

        Counter.Add(count, new KeyValuePair<string, object?>("boundary", boundary));
        Totals.AddOrUpdate(boundary, count, (_, total) => total + count);
    }

    /// <summary>Inputs rejected at <paramref name="boundary"/> since the process started.</summary>
    public static long Total(string boundary) => Totals.TryGetValue(boundary, out var total) ? total : 0;
}

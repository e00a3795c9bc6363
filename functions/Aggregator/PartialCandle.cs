using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Functions.Aggregator;

/// <summary>
/// The candle of one trade batch, with the times of its first and last trade so partials can be merged in
/// trade-time order whatever order their batches were processed in.
/// </summary>
/// <param name="Sequence">The batch number.</param>
/// <param name="FirstMs">Time of the batch's first trade.</param>
/// <param name="LastMs">Time of the batch's last trade.</param>
/// <param name="Candle">The batch's candle (built by Core's <see cref="Core.Aggregation.CandleAggregator"/>).</param>
/// <param name="Rejected">True for a batch the Aggregator refused (dead-lettered): it counts as delivered but adds nothing.</param>
public sealed record PartialCandle(int Sequence, long FirstMs, long LastMs, Candle Candle, bool Rejected = false)
{
    /// <summary>The record of refused batch <paramref name="sequence"/>.</summary>
    public static PartialCandle Refused(int sequence) => new(sequence, 0, 0, default, Rejected: true);

    /// <summary>The stored JSON form.</summary>
    public string ToJson()
    {
        if (Rejected)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{Sequence},\"rejected\":true}}");
        }

        var c = Candle;
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"seq\":{Sequence},\"first\":{FirstMs},\"last\":{LastMs},\"open\":{WireNames.Number(c.Open)},\"high\":{WireNames.Number(c.High)},\"low\":{WireNames.Number(c.Low)},\"close\":{WireNames.Number(c.Close)},\"volume\":{WireNames.Number(c.Volume)},\"trades\":{c.Trades},\"buy\":{WireNames.Number(c.BuyVolume)},\"sell\":{WireNames.Number(c.SellVolume)}}}");
    }

    /// <summary>Reads the stored JSON form of a partial of the minute <paramref name="minuteMs"/>.</summary>
    /// <exception cref="InvalidDataException">The stored value is not a partial (names the problem).</exception>
    public static PartialCandle FromJson(string json, long minuteMs)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var r = document.RootElement;
            if (r.TryGetProperty("rejected", out var rejected) && rejected.ValueKind == JsonValueKind.True)
            {
                return Refused(r.GetProperty("seq").GetInt32());
            }

            return new PartialCandle(
                r.GetProperty("seq").GetInt32(),
                r.GetProperty("first").GetInt64(),
                r.GetProperty("last").GetInt64(),
                new Candle(minuteMs, r.GetProperty("open").GetDouble(), r.GetProperty("high").GetDouble(), r.GetProperty("low").GetDouble(),
                    r.GetProperty("close").GetDouble(), r.GetProperty("volume").GetDouble(), r.GetProperty("trades").GetInt32(),
                    r.GetProperty("buy").GetDouble(), r.GetProperty("sell").GetDouble()));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"stored partial candle '{json}' is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Merges the partials of one minute: open of the earliest first trade, close of the latest last trade (ties
    /// by batch number), high/low extremes, volumes and counts summed in batch order. The result does not depend
    /// on the order of <paramref name="partials"/>. Refused batches (<see cref="Rejected"/>) add nothing.
    /// </summary>
    public static Candle Merge(long minuteMs, IReadOnlyCollection<PartialCandle> partials)
    {
        ArgumentNullException.ThrowIfNull(partials);
        if (partials.Count == 0)
        {
            throw new ArgumentException("no partials to merge", nameof(partials));
        }

        var ordered = partials.Where(p => !p.Rejected).OrderBy(p => p.Sequence).ToList();
        if (ordered.Count == 0)
        {
            throw new ArgumentException("every partial was refused", nameof(partials));
        }

        var first = ordered.MinBy(p => (p.FirstMs, p.Sequence))!;
        var last = ordered.MaxBy(p => (p.LastMs, p.Sequence))!;
        double high = double.MinValue, low = double.MaxValue, volume = 0, buy = 0, sell = 0;
        var trades = 0;
        foreach (var p in ordered)
        {
            high = Math.Max(high, p.Candle.High);
            low = Math.Min(low, p.Candle.Low);
            volume += p.Candle.Volume;
            buy += p.Candle.BuyVolume;
            sell += p.Candle.SellVolume;
            trades += p.Candle.Trades;
        }

        return new Candle(minuteMs, first.Candle.Open, high, low, last.Candle.Close, volume, trades, buy, sell);
    }
}

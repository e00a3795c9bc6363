using System.Text.Json;
using System.Text.Json.Serialization;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Core.Health;

/// <summary>
/// A stage's health record as stored (one per stage, state collection <see cref="StageHealthStore.Collection"/>, key = the
/// stage's name): what it last did and what went wrong, totals since the record was first written. Times are Unix ms UTC.
/// </summary>
/// <param name="Stage">The stage (<see cref="PipelineStages"/>).</param>
/// <param name="LastEventMs">When (the stage's clock) it last handled something; null before its first event.</param>
/// <param name="ExchangeTimeMs">The exchange time of the newest thing it handled (a trade's time, a candle's close, a signal's time); null when unknown.</param>
/// <param name="Events">Things handled.</param>
/// <param name="DeadLetters">Messages it could not handle that went to its dead-letter topic.</param>
/// <param name="Rejected">Inputs it refused at its trust boundary (<see cref="Validation.Rejections"/>).</param>
/// <param name="Corrections">Corrections: closed minutes rewritten by late trades (Aggregator sent, LogicEngine took).</param>
/// <param name="LastDeadLetterMs">When the newest dead letter happened; null when none.</param>
/// <param name="Note">What stood in for the stage, when something did (e.g. a replay of candle files for the Ingestor); else null.</param>
/// <param name="UpdatedMs">When the record was last written.</param>
public sealed record StageHeartbeat(
    string Stage,
    long? LastEventMs,
    long? ExchangeTimeMs,
    long Events,
    long DeadLetters,
    long Rejected,
    long Corrections,
    long? LastDeadLetterMs,
    string? Note,
    long UpdatedMs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The record's JSON (camelCase).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored record; <paramref name="where"/> names it in the error.</summary>
    /// <exception cref="CorruptRecordException">Not a stage health record (names <paramref name="where"/> and what is wrong).</exception>
    public static StageHeartbeat FromJson(string json, string where)
    {
        StageHeartbeat? record;
        try
        {
            record = JsonSerializer.Deserialize<StageHeartbeat>(json, Json);
        }
        catch (JsonException e)
        {
            throw new CorruptRecordException(where, $"not a stage health record: {e.Message}");
        }

        if (record is null || string.IsNullOrEmpty(record.Stage))
        {
            throw new CorruptRecordException(where, "no stage name");
        }

        if (record.Events < 0 || record.DeadLetters < 0 || record.Rejected < 0 || record.Corrections < 0)
        {
            throw new CorruptRecordException(where, "a negative count");
        }

        return record;
    }
}

using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>Builds field values and reads them back, naming the document and field when a stored value is malformed.</summary>
public static class FirestoreFields
{
    /// <summary>A string value.</summary>
    public static Value Of(string value) => new() { StringValue = value };

    /// <summary>An integer value.</summary>
    public static Value Of(long value) => new() { IntegerValue = value };

    /// <summary>A double value.</summary>
    public static Value Of(double value) => new() { DoubleValue = value };

    /// <summary>
    /// Adds the expiry timestamp <see cref="StateRetention.ExpiryField"/> (now + <paramref name="retention"/>) that the
    /// Firestore TTL policies delete by; nothing when <paramref name="retention"/> is null (kept for good).
    /// </summary>
    public static void AddExpiry(IDictionary<string, Value> fields, TimeSpan? retention, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(clock);
        if (retention is { } r)
        {
            fields[StateRetention.ExpiryField] = new Value { TimestampValue = Timestamp.FromDateTimeOffset(clock.GetUtcNow() + r) };
        }
    }

    /// <summary>A string field.</summary>
    public static string String(Document document, string field) =>
        Get(document, field) is { ValueTypeCase: Value.ValueTypeOneofCase.StringValue } v ? v.StringValue : throw Bad(document, field, "a string");

    /// <summary>A string field that may be absent or null.</summary>
    public static string? OptionalString(Document document, string field)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.Fields.TryGetValue(field, out var v) || v.ValueTypeCase == Value.ValueTypeOneofCase.NullValue)
        {
            return null;
        }

        return v.ValueTypeCase == Value.ValueTypeOneofCase.StringValue ? v.StringValue : throw Bad(document, field, "a string or null");
    }

    /// <summary>An integer field.</summary>
    public static long Integer(Document document, string field) =>
        Get(document, field) is { ValueTypeCase: Value.ValueTypeOneofCase.IntegerValue } v ? v.IntegerValue : throw Bad(document, field, "an integer");

    /// <summary>A number field (double, or an integer someone typed in the console).</summary>
    public static double Number(Document document, string field)
    {
        var v = Get(document, field);
        return v?.ValueTypeCase switch
        {
            Value.ValueTypeOneofCase.DoubleValue when double.IsFinite(v.DoubleValue) => v.DoubleValue,
            Value.ValueTypeOneofCase.IntegerValue => v.IntegerValue,
            _ => throw Bad(document, field, "a finite number"),
        };
    }

    /// <summary>Runs <paramref name="decode"/>, turning a <see cref="FormatException"/> into a <see cref="CorruptRecordException"/> naming the document.</summary>
    public static T Decode<T>(Document document, Func<T> decode)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(decode);
        try
        {
            return decode();
        }
        catch (FormatException e)
        {
            throw new CorruptRecordException(document.Name, e.Message);
        }
    }

    private static Value? Get(Document document, string field)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Fields.TryGetValue(field, out var v) ? v : null;
    }

    private static CorruptRecordException Bad(Document document, string field, string expected)
    {
        var found = document.Fields.TryGetValue(field, out var v) ? $"a {v.ValueTypeCase} value" : "nothing";
        return new CorruptRecordException(document.Name, $"field '{field}' holds {found}, expected {expected}");
    }
}

using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Messages;

/// <summary>
/// Typed reads of required JSON fields for the message codecs: each throws <see cref="FormatException"/> naming the
/// field by its <c>path</c> (e.g. <c>signal.entry</c>) and what was wrong, so a bad message is refused saying why.
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// Parses one versioned message (<paramref name="what"/> names it in errors): it must be a JSON object whose field
    /// <c>v</c> is <paramref name="version"/>; then <paramref name="read"/> reads the rest from the root object.
    /// </summary>
    public static T ReadVersioned<T>(ReadOnlyMemory<byte> payload, string what, int version, Func<JsonElement, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{what} must be a JSON object");
            }

            var v = Int(root, "v", "v");
            if (v != version)
            {
                throw new FormatException($"field 'v' is {v}; only version {version} is understood");
            }

            try
            {
                return read(root);
            }
            catch (InvalidOperationException e)
            {
                throw new FormatException($"{what} holds a string that is not valid text: {e.Message}", e); // e.g. a lone surrogate escape
            }
        }
    }

    /// <summary>The field, present and not null.</summary>
    public static JsonElement Get(JsonElement o, string name, string path) =>
        o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw new FormatException($"field '{path}' is missing");

    /// <summary>An object field.</summary>
    public static JsonElement Obj(JsonElement o, string name, string path)
    {
        var v = Get(o, name, path);
        return v.ValueKind == JsonValueKind.Object ? v : throw new FormatException($"field '{path}' must be an object");
    }

    /// <summary>A string field, possibly empty.</summary>
    public static string Text(JsonElement o, string name, string path)
    {
        var v = Get(o, name, path);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"field '{path}' must be a string");
    }

    /// <summary>A non-empty string field.</summary>
    public static string Str(JsonElement o, string name, string path)
    {
        var text = Text(o, name, path);
        return text.Length > 0 ? text : throw new FormatException($"field '{path}' must be a non-empty string");
    }

    /// <summary>A finite number field.</summary>
    public static double Num(JsonElement o, string name, string path)
    {
        var v = Get(o, name, path);
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new FormatException($"field '{path}' must be a finite number");
    }

    /// <summary>A 32-bit integer field.</summary>
    public static int Int(JsonElement o, string name, string path)
    {
        var v = Get(o, name, path);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : throw new FormatException($"field '{path}' must be an integer");
    }

    /// <summary>An ISO 8601 time field, as Unix milliseconds (UTC assumed when no offset is given).</summary>
    public static long Time(JsonElement o, string name, string path)
    {
        var text = Str(o, name, path);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : throw new FormatException($"field '{path}' is '{Validation.InputRules.Shown(text)}', not an ISO 8601 time");
    }

    /// <summary>A direction field: <c>LONG</c> or <c>SHORT</c>.</summary>
    public static Direction Dir(JsonElement o, string name, string path)
    {
        var text = Str(o, name, path);
        return text switch
        {
            "LONG" => Direction.Long,
            "SHORT" => Direction.Short,
            _ => throw new FormatException($"field '{path}' is '{Validation.InputRules.Shown(text)}' (expected LONG or SHORT)"),
        };
    }
}

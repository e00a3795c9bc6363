using System.Globalization;

namespace CryptoSignalTracker.Core.Data;

/// <summary>Field-level parsing shared by the CSV readers; every failure names the column and the text.</summary>
internal static class CsvFields
{
    /// <summary>Most columns any supported layout has; longer rows keep their tail in the last range.</summary>
    public const int MaxColumns = 32;

    public static string[] SplitHeader(ReadOnlySpan<char> line)
    {
        Span<Range> ranges = stackalloc Range[MaxColumns + 1];
        var count = line.Split(ranges, ',');
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = line[ranges[i]].Trim().Trim('"').ToString().ToLowerInvariant();
        }

        return names;
    }

    public static double Number<TSite>(TSite reader, ReadOnlySpan<char> field, string column)
        where TSite : IRowSite
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw reader.Error($"{column} '{field.ToString()}' is not a number");
        }

        return value;
    }

    public static double Price<TSite>(TSite reader, ReadOnlySpan<char> field, string column)
        where TSite : IRowSite => Price(reader, Number(reader, field, column), field, column);

    /// <summary><paramref name="value"/>, parsed from <paramref name="field"/>, when it is a positive price.</summary>
    public static double Price<TSite>(TSite reader, double value, ReadOnlySpan<char> field, string column)
        where TSite : IRowSite => value > 0 ? value : throw reader.Error($"{column} {field.ToString()} is not a positive price");

    public static double NonNegative<TSite>(TSite reader, ReadOnlySpan<char> field, string column)
        where TSite : IRowSite => NonNegative(reader, Number(reader, field, column), field, column);

    /// <summary><paramref name="value"/>, parsed from <paramref name="field"/>, when it is not negative.</summary>
    public static double NonNegative<TSite>(TSite reader, double value, ReadOnlySpan<char> field, string column)
        where TSite : IRowSite => value >= 0 ? value : throw reader.Error($"{column} {field.ToString()} is negative");

    public static long Time<TSite>(TSite reader, ReadOnlySpan<char> field, string column)
        where TSite : IRowSite =>
        TimestampParser.TryParse(field, out var ms)
            ? ms
            : throw reader.Error($"{column} '{field.ToString()}' is not a timestamp (expected ISO 8601, Unix seconds or Unix milliseconds)");

    public static int Count<TSite>(TSite reader, ReadOnlySpan<char> field, string column)
        where TSite : IRowSite =>
        int.TryParse(field.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw reader.Error($"{column} '{field.ToString()}' is not a whole number of trades");

    public static bool Boolean<TSite>(TSite reader, ReadOnlySpan<char> field, string column)
        where TSite : IRowSite
    {
        var text = field.Trim();
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return text.Equals("false", StringComparison.OrdinalIgnoreCase)
            ? false
            : throw reader.Error($"{column} '{field.ToString()}' is not true or false");
    }

    /// <summary>True when <paramref name="field"/> is a non-empty run of ASCII digits (a headerless data row).</summary>
    public static bool IsDigits(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return !field.IsEmpty && !field.ContainsAnyExceptInRange('0', '9');
    }
}

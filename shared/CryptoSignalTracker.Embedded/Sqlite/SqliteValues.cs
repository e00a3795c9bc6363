using System.Globalization;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Data.Sqlite;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary>Typed column reads that name the row and column when a stored value has the wrong type.</summary>
internal static class SqliteValues
{
    /// <summary>A REAL (or INTEGER) column as a double; NULL gives <paramref name="whenNull"/> or, if that is null, an error.</summary>
    public static double Real(SqliteDataReader reader, int ordinal, string record, double? whenNull = null)
    {
        var value = reader.GetValue(ordinal);
        return value switch
        {
            double d when double.IsFinite(d) => d,
            long l => l,
            DBNull when whenNull is { } fallback => fallback,
            _ => throw Bad(reader, ordinal, record, value, "a number"),
        };
    }

    /// <summary>An INTEGER column as a long.</summary>
    public static long Integer(SqliteDataReader reader, int ordinal, string record)
    {
        var value = reader.GetValue(ordinal);
        return value is long l ? l : throw Bad(reader, ordinal, record, value, "an integer");
    }

    /// <summary>A TEXT column.</summary>
    public static string Text(SqliteDataReader reader, int ordinal, string record)
    {
        var value = reader.GetValue(ordinal);
        return value is string s ? s : throw Bad(reader, ordinal, record, value, "text");
    }

    /// <summary>A TEXT column that may be NULL.</summary>
    public static string? OptionalText(SqliteDataReader reader, int ordinal, string record)
    {
        var value = reader.GetValue(ordinal);
        return value switch
        {
            DBNull => null,
            string s => s,
            _ => throw Bad(reader, ordinal, record, value, "text"),
        };
    }

    /// <summary>Runs <paramref name="decode"/>, turning a <see cref="FormatException"/> into a <see cref="CorruptRecordException"/> naming <paramref name="record"/>.</summary>
    public static T Decode<T>(string record, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (FormatException e)
        {
            throw new CorruptRecordException(record, e.Message);
        }
    }

    /// <summary>Adds a parameter; NaN becomes NULL (SQLite has no NaN).</summary>
    public static void Add(SqliteCommand command, string name, object? value) =>
        command.Parameters.AddWithValue(name, value is double d && double.IsNaN(d) ? DBNull.Value : value ?? DBNull.Value);

    private static CorruptRecordException Bad(SqliteDataReader reader, int ordinal, string record, object value, string expected) =>
        new(record, string.Create(CultureInfo.InvariantCulture, $"column '{reader.GetName(ordinal)}' holds {Describe(value)}, expected {expected}"));

    private static string Describe(object value) => value switch
    {
        DBNull => "NULL",
        string s => $"'{s}'",
        byte[] b => $"{b.Length} bytes",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };
}

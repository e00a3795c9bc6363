using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// Reads what an <see cref="EngineStateWriter"/> wrote, in the same order. Every read past the end, every value out of
/// its range and every unexpected marker throws <see cref="FormatException"/> naming what was wrong, so a damaged state
/// is refused rather than loaded half.
/// </summary>
public sealed class EngineStateReader
{
    private readonly BinaryReader _reader;
    private readonly long _length;

    /// <summary>Reads <paramref name="data"/>.</summary>
    public EngineStateReader(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _reader = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
        _length = data.Length;
    }

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadLong() => Read(r => r.ReadInt64());

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt() => Read(r => r.ReadInt32());

    /// <summary>Reads a double.</summary>
    public double ReadDouble() => Read(r => r.ReadDouble());

    /// <summary>Reads a flag.</summary>
    public bool ReadBool() => Read(r => r.ReadBoolean());

    /// <summary>Reads a count, refusing a negative one or one above <paramref name="max"/>.</summary>
    public int ReadCount(int max, string what)
    {
        var count = ReadInt();
        return count >= 0 && count <= max ? count : throw new FormatException($"engine state: {what} count {count} is outside 0..{max}");
    }

    /// <summary>Reads a string (null allowed).</summary>
    public string? ReadString() => ReadBool() ? Read(r => r.ReadString()) : null;

    /// <summary>Reads a string that must be present.</summary>
    public string ReadRequiredString(string what) => ReadString() ?? throw new FormatException($"engine state: {what} is missing");

    /// <summary>Reads a candle.</summary>
    public Candle ReadCandle() =>
        new(ReadLong(), ReadDouble(), ReadDouble(), ReadDouble(), ReadDouble(), ReadDouble(), ReadInt(), ReadDouble(), ReadDouble());

    /// <summary>Reads a macro bias (null allowed).</summary>
    public MacroBias? ReadBias()
    {
        if (!ReadBool())
        {
            return null;
        }

        return new MacroBias(ReadRequiredString("bias symbol"), ReadEnum<Direction>("bias side"), ReadDouble(), ReadLong(), ReadLong(), ReadString());
    }

    /// <summary>Reads an open position.</summary>
    public Position ReadPosition() => new(
        ReadRequiredString("position signal id"), ReadRequiredString("position symbol"), ReadEnum<Direction>("position side"),
        ReadEnum<SignalKind>("position kind"), ReadLong(), ReadDouble(), ReadDouble(), ReadDouble(), ReadDouble(), ReadDouble(), ReadDouble());

    /// <summary>Reads an enum value, refusing one the enum does not define.</summary>
    public T ReadEnum<T>(string what)
        where T : struct, Enum
    {
        var value = ReadInt();
        var typed = (T)Enum.ToObject(typeof(T), value);
        return Enum.IsDefined(typed) ? typed : throw new FormatException($"engine state: {what} {value} is not a {typeof(T).Name}");
    }

    /// <summary>Checks that a marker written as <paramref name="expected"/> is there (a layout check between parts).</summary>
    public void Expect(string expected)
    {
        var found = ReadString();
        if (!string.Equals(found, expected, StringComparison.Ordinal))
        {
            throw new FormatException($"engine state: expected the part '{expected}', found '{found}'");
        }
    }

    /// <summary>Throws unless every byte has been read.</summary>
    public void End()
    {
        var left = _length - _reader.BaseStream.Position;
        if (left != 0)
        {
            throw new FormatException($"engine state: {left} bytes left after the last part");
        }
    }

    private T Read<T>(Func<BinaryReader, T> read)
    {
        try
        {
            return read(_reader);
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("engine state: the data ends early (truncated)", e);
        }
    }
}

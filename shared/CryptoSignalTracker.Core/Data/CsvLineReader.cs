using System.Buffers;

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// Reads a text stream line by line into a reusable buffer, handing out each line as a span (no string per
/// line). Strips a UTF-8 byte order mark at the start and a carriage return at the end of each line, and
/// counts 1-based line numbers for error messages. Blank lines are allowed only at the end of the input.
/// </summary>
internal sealed class CsvLineReader : IDisposable, IRowSite
{
    private const int InitialBufferChars = 64 * 1024;
    private const char ByteOrderMark = '\uFEFF';

    private readonly TextReader _reader;
    private readonly string _source;
    private char[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private long _blankLine;

    public CsvLineReader(TextReader reader, string source)
    {
        _reader = reader;
        _source = source;
        _buffer = ArrayPool<char>.Shared.Rent(InitialBufferChars);
    }

    /// <summary>1-based number of the line most recently returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The source name given at construction (for error messages).</summary>
    public string Source => _source;

    /// <summary>Returns the next non-blank line; false at the end of the input.</summary>
    /// <exception cref="DataFormatException">A blank line is followed by more data.</exception>
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (TryReadRawLine(out line))
        {
            LineNumber++;
            if (LineNumber == 1 && line.Length > 0 && line[0] == ByteOrderMark)
            {
                line = line[1..];
            }

            if (line.IsWhiteSpace())
            {
                if (_blankLine == 0)
                {
                    _blankLine = LineNumber;
                }

                continue;
            }

            if (_blankLine != 0)
            {
                throw new DataFormatException(_source, _blankLine, "blank line in the middle of the data");
            }

            return true;
        }

        return false;
    }

    public DataFormatException Error(string problem) => new(_source, LineNumber, problem);

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private bool TryReadRawLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf('\n');
            if (newline >= 0)
            {
                line = TrimCarriageReturn(pending[..newline]);
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }

                line = TrimCarriageReturn(pending);
                _start = _end;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        var pendingLength = _end - _start;
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, pendingLength);
            _start = 0;
            _end = pendingLength;
        }

        if (_end == _buffer.Length)
        {
            // a line longer than the buffer: grow it
            var bigger = ArrayPool<char>.Shared.Rent(_buffer.Length * 2);
            Array.Copy(_buffer, bigger, _end);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private static ReadOnlySpan<char> TrimCarriageReturn(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}

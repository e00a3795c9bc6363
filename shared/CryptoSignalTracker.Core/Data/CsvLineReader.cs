using System.Buffers;

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// Reads a text stream line by line into a reusable buffer, handing out each line as a span (no string per
/// line). Lines end with <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>; a UTF-8 byte order mark at the start is
/// stripped; 1-based line numbers are counted for error messages; bytes that are not UTF-8 are a
/// <see cref="DataFormatException"/> naming the source. Blank lines are allowed only at the end of the input.
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
            var newline = pending.IndexOfAny('\n', '\r');
            if (newline >= 0 && !(pending[newline] == '\r' && newline == pending.Length - 1 && !_eof))
            {
                // \n, \r\n and a lone \r (old Mac line endings) each end a line.
                line = pending[..newline];
                _start += newline + (pending[newline] == '\r' && newline + 1 < pending.Length && pending[newline + 1] == '\n' ? 2 : 1);
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

        int read;
        try
        {
            read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new DataFormatException(_source, LineNumber + 1, "bytes that are not UTF-8 text: a compressed or binary file, not a CSV?");
        }
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private static ReadOnlySpan<char> TrimCarriageReturn(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}

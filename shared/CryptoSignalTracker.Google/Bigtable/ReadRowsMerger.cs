using System.Buffers;
using CryptoSignalTracker.Google.Protos.Bigtable;
using Google.Protobuf;

namespace CryptoSignalTracker.Google.Bigtable;

/// <summary>
/// Turns the cell chunks of a ReadRows stream into rows, following the rules of
/// <c>ReadRowsResponse.CellChunk</c>: a non-empty row key starts a row; absent family/qualifier wrappers
/// mean "unchanged"; a cell split over several chunks carries <c>value_size</c> (the total length) on
/// every chunk but the last, whose value completes it; <c>reset_row</c> drops the buffered row;
/// <c>commit_row</c> completes it. Rows must arrive in strictly increasing key order (decreasing when
/// reversed). Anything else throws <see cref="ReadRowsProtocolException"/>. One merger per stream;
/// keep it across a resumed stream so the key order is still checked.
/// </summary>
public sealed class ReadRowsMerger
{
    private readonly bool _reversed;
    private readonly List<BigtableCell> _cells = [];
    private readonly ArrayBufferWriter<byte> _value = new();
    private ByteString? _rowKey;
    private string? _family;
    private ByteString? _qualifier;
    private long _timestampMicros;
    private IReadOnlyList<string> _labels = [];
    private bool _cellInProgress;

    /// <summary>Creates a merger for a stream in ascending key order, or descending when <paramref name="reversed"/>.</summary>
    public ReadRowsMerger(bool reversed = false)
    {
        _reversed = reversed;
    }

    /// <summary>Key of the last committed row, or null before the first (where a resumed read starts after).</summary>
    public ByteString? LastCommittedKey { get; private set; }

    /// <summary>True while a row has been started but neither committed nor reset.</summary>
    public bool RowInProgress => _rowKey is not null;

    /// <summary>Feeds every chunk of <paramref name="response"/>; rows completed by it are added to <paramref name="completed"/>.</summary>
    public void Add(ReadRowsResponse response, ICollection<BigtableRow> completed)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var chunk in response.Chunks)
        {
            if (Add(chunk) is { } row)
            {
                completed.Add(row);
            }
        }
    }

    /// <summary>Feeds one chunk; returns the row it commits, or null.</summary>
    public BigtableRow? Add(ReadRowsResponse.Types.CellChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.ResetRow)
        {
            Reset(chunk);
            return null;
        }

        if (_cellInProgress)
        {
            ContinueCell(chunk);
        }
        else
        {
            StartCell(chunk);
        }

        if (!chunk.CommitRow)
        {
            return null;
        }

        if (_cellInProgress)
        {
            throw new ReadRowsProtocolException($"row '{_rowKey!.ToStringUtf8()}' committed in the middle of a split cell");
        }

        var row = new BigtableRow(_rowKey!, _cells.ToArray());
        LastCommittedKey = _rowKey;
        ClearRow();
        return row;
    }

    /// <summary>Call when the stream ends; throws if a row was left uncommitted.</summary>
    public void Complete()
    {
        if (_rowKey is not null)
        {
            throw new ReadRowsProtocolException($"stream ended inside row '{_rowKey.ToStringUtf8()}' (no commit_row)");
        }
    }

    /// <summary>Forgets a partly received row, e.g. before resuming a broken stream after <see cref="LastCommittedKey"/>.</summary>
    public void DiscardPartialRow() => ClearRow();

    private void Reset(ReadRowsResponse.Types.CellChunk chunk)
    {
        if (_rowKey is null)
        {
            throw new ReadRowsProtocolException("reset_row with no row in progress");
        }

        if (!chunk.RowKey.IsEmpty || chunk.FamilyName is not null || chunk.Qualifier is not null || chunk.TimestampMicros != 0
            || chunk.Labels.Count > 0 || !chunk.Value.IsEmpty || chunk.ValueSize != 0)
        {
            throw new ReadRowsProtocolException($"reset_row chunk for row '{_rowKey.ToStringUtf8()}' carries data");
        }

        ClearRow();
    }

    private void StartCell(ReadRowsResponse.Types.CellChunk chunk)
    {
        if (_rowKey is null)
        {
            if (chunk.RowKey.IsEmpty)
            {
                throw new ReadRowsProtocolException("a new row starts without a row key");
            }

            if (chunk.FamilyName is null || chunk.Qualifier is null)
            {
                throw new ReadRowsProtocolException($"row '{chunk.RowKey.ToStringUtf8()}' starts without a family and qualifier");
            }

            if (LastCommittedKey is { } last)
            {
                var order = chunk.RowKey.Span.SequenceCompareTo(last.Span);
                if (_reversed ? order >= 0 : order <= 0)
                {
                    throw new ReadRowsProtocolException(
                        $"row '{chunk.RowKey.ToStringUtf8()}' is out of order after '{last.ToStringUtf8()}'{(_reversed ? " (reversed read)" : string.Empty)}");
                }
            }

            _rowKey = chunk.RowKey;
        }
        else if (!chunk.RowKey.IsEmpty && chunk.RowKey != _rowKey)
        {
            throw new ReadRowsProtocolException(
                $"row key changed from '{_rowKey.ToStringUtf8()}' to '{chunk.RowKey.ToStringUtf8()}' without commit_row");
        }

        if (chunk.FamilyName is not null)
        {
            if (chunk.Qualifier is null)
            {
                throw new ReadRowsProtocolException($"row '{_rowKey.ToStringUtf8()}': family '{chunk.FamilyName}' without a qualifier");
            }

            _family = chunk.FamilyName;
        }

        if (chunk.Qualifier is not null)
        {
            _qualifier = chunk.Qualifier;
        }

        _timestampMicros = chunk.TimestampMicros;
        _labels = chunk.Labels.Count == 0 ? [] : chunk.Labels.ToArray();
        if (chunk.ValueSize > 0)
        {
            _value.Clear();
            _value.Write(chunk.Value.Span);
            _cellInProgress = true;
        }
        else
        {
            _cells.Add(new BigtableCell(_family!, _qualifier!, _timestampMicros, chunk.Value, _labels));
        }
    }

    private void ContinueCell(ReadRowsResponse.Types.CellChunk chunk)
    {
        if (!chunk.RowKey.IsEmpty && chunk.RowKey != _rowKey)
        {
            throw new ReadRowsProtocolException(
                $"row key changed from '{_rowKey!.ToStringUtf8()}' to '{chunk.RowKey.ToStringUtf8()}' in the middle of a split cell");
        }

        if (chunk.FamilyName is not null || chunk.Qualifier is not null || chunk.TimestampMicros != 0 || chunk.Labels.Count > 0)
        {
            throw new ReadRowsProtocolException(
                $"row '{_rowKey!.ToStringUtf8()}': a continuation chunk of a split cell sets family, qualifier, timestamp or labels");
        }

        _value.Write(chunk.Value.Span);
        if (chunk.ValueSize == 0)
        {
            _cells.Add(new BigtableCell(_family!, _qualifier!, _timestampMicros, ByteString.CopyFrom(_value.WrittenSpan), _labels));
            _cellInProgress = false;
        }
    }

    private void ClearRow()
    {
        _rowKey = null;
        _family = null;
        _qualifier = null;
        _timestampMicros = 0;
        _labels = [];
        _cells.Clear();
        _value.Clear();
        _cellInProgress = false;
    }
}

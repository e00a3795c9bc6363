namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// The last <c>capacity</c> items in arrival order, always readable as one contiguous span.
/// Each item is written twice (at <c>i</c> and <c>i + capacity</c>), so the window never wraps; this lets
/// the incremental path hand the same contiguous, oldest-first span to the math that the batch path
/// hands a slice of its input, which keeps both paths bit-for-bit identical.
/// </summary>
/// <typeparam name="T">Item type.</typeparam>
internal sealed class SlidingWindow<T>
    where T : struct
{
    private readonly T[] _buffer;
    private readonly int _capacity;
    private int _next;
    private int _count;

    /// <summary>Creates an empty window of <paramref name="capacity"/> items (at least 1).</summary>
    public SlidingWindow(int capacity)
    {
        IndicatorArguments.AtLeast(capacity, 1, nameof(capacity));
        _capacity = capacity;
        _buffer = new T[2 * capacity];
    }

    /// <summary>Number of items held (at most the capacity).</summary>
    public int Count => _count;

    /// <summary>True once the window holds <c>capacity</c> items.</summary>
    public bool IsFull => _count == _capacity;

    /// <summary>The items held, oldest first.</summary>
    public ReadOnlySpan<T> Items
    {
        get
        {
            var start = _next - _count;
            if (start < 0)
            {
                start += _capacity;
            }

            return new ReadOnlySpan<T>(_buffer, start, _count);
        }
    }

    /// <summary>Appends <paramref name="item"/>, dropping the oldest item when full.</summary>
    public void Add(in T item)
    {
        _buffer[_next] = item;
        _buffer[_next + _capacity] = item;
        _next = _next + 1 == _capacity ? 0 : _next + 1;
        if (_count < _capacity)
        {
            _count++;
        }
    }

    /// <summary>Empties the window.</summary>
    public void Clear()
    {
        _next = 0;
        _count = 0;
    }

    /// <summary>Writes the items held, oldest first (<paramref name="write"/> writes one).</summary>
    public void Save(Backtesting.EngineStateWriter state, Action<Backtesting.EngineStateWriter, T> write)
    {
        state.Write(_count);
        foreach (var item in Items)
        {
            write(state, item);
        }
    }

    /// <summary>Replaces the items with those <see cref="Save"/> wrote (<paramref name="read"/> reads one).</summary>
    public void Load(Backtesting.EngineStateReader state, Func<Backtesting.EngineStateReader, T> read)
    {
        var count = state.ReadCount(_capacity, "window");
        Clear();
        for (var i = 0; i < count; i++)
        {
            Add(read(state));
        }
    }
}

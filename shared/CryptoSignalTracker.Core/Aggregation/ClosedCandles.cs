using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Aggregation;

/// <summary>
/// The higher-interval candles one <see cref="CandleResampler.Update"/> completed: none, one, or (right after a
/// hole in the input) two. Enumerate it with <c>foreach</c>; it allocates nothing.
/// </summary>
public readonly struct ClosedCandles
{
    private readonly Candle _first;
    private readonly Candle _second;

    internal ClosedCandles(int count, in Candle first, in Candle second)
    {
        Count = count;
        _first = first;
        _second = second;
    }

    /// <summary>Nothing completed.</summary>
    public static ClosedCandles None => default;

    /// <summary>Number of completed candles (0, 1 or 2).</summary>
    public int Count { get; }

    /// <summary>True when no candle completed.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The latest completed candle, or null when none completed.</summary>
    public Candle? Last => Count switch
    {
        0 => null,
        1 => _first,
        _ => _second,
    };

    /// <summary>The completed candle at <paramref name="index"/> (oldest first).</summary>
    public Candle this[int index] => (uint)index < (uint)Count
        ? index == 0 ? _first : _second
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"{Count} candle(s) completed");

    /// <summary>Enumerates the completed candles, oldest first.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Allocation-free enumerator over <see cref="ClosedCandles"/>.</summary>
    public struct Enumerator
    {
        private readonly ClosedCandles _candles;
        private int _index;

        internal Enumerator(ClosedCandles candles)
        {
            _candles = candles;
            _index = -1;
        }

        /// <summary>The current candle.</summary>
        public readonly Candle Current => _candles[_index];

        /// <summary>Moves to the next candle.</summary>
        public bool MoveNext() => ++_index < _candles.Count;
    }
}

using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Swing (fractal) pivots. Candle <c>i</c> is a pivot high when its high is strictly greater than the high of
/// each of the <c>left</c> candles before it and greater than or equal to the high of each of the <c>right</c>
/// candles after it; a pivot low mirrors this on lows. A pivot is reported on the candle that confirms it,
/// <c>right</c> candles later, so nothing looks ahead.
/// Ties: on a flat top (equal highs) only the <b>first</b> candle of the run can be the pivot, because the later
/// ones are not strictly above their left neighbour; the same holds for flat bottoms.
/// Candles with fewer than <c>left</c> predecessors are never pivots. Warm-up: <c>left + right + 1</c> candles (the
/// first confirmation is possible at index <c>left + right</c>).
/// </summary>
public sealed class SwingPivots : IIndicator
{
    /// <summary>Default number of candles on each side, 5.</summary>
    public const int DefaultSide = 5;

    private readonly SlidingWindow<Candle> _window;
    private long _lastTimeMs = TimeOrder.None;
    private int _count;

    /// <summary>Creates a pivot finder; defaults 5 candles on each side.</summary>
    /// <param name="left">Candles before the pivot that it must exceed strictly (at least 1).</param>
    /// <param name="right">Candles after the pivot that it must equal or exceed (at least 1); the confirmation delay.</param>
    public SwingPivots(int left = DefaultSide, int right = DefaultSide)
    {
        Validate(left, right);
        Left = left;
        Right = right;
        _window = new SlidingWindow<Candle>(left + right + 1);
    }

    /// <summary>Candles before the pivot.</summary>
    public int Left { get; }

    /// <summary>Candles after the pivot (confirmation delay).</summary>
    public int Right { get; }

    /// <summary>Inputs needed until the first possible confirmation: <c>left + right + 1</c>.</summary>
    public int WarmUpPeriod => Left + Right + 1;

    /// <summary>True once pivots can be confirmed.</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>What the latest candle confirmed.</summary>
    public PivotUpdate Last { get; private set; }

    /// <summary>Adds a candle (open times strictly increasing) and returns the pivots it confirms.</summary>
    /// <exception cref="ArgumentException">The candle's open time is not after the previous one's.</exception>
    public PivotUpdate Update(in Candle candle)
    {
        FiniteInput.Check(nameof(SwingPivots), candle);
        _lastTimeMs = TimeOrder.Next(nameof(SwingPivots), candle.OpenTimeMs, _lastTimeMs);
        _window.Add(candle);
        _count++;
        Last = _window.IsFull ? Evaluate(_window.Items, Left, _count - 1 - Right) : default;
        return Last;
    }

    /// <summary>Forgets every input; indices start again at 0.</summary>
    public void Reset()
    {
        _window.Clear();
        _lastTimeMs = TimeOrder.None;
        _count = 0;
        Last = default;
    }

    /// <summary>Writes, for each candle, the pivots it confirms.</summary>
    /// <param name="input">Candles, open times strictly increasing.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <param name="left">Candles before the pivot (default 5).</param>
    /// <param name="right">Candles after the pivot (default 5).</param>
    /// <exception cref="ArgumentException">Open times do not strictly increase.</exception>
    public static void Compute(ReadOnlySpan<Candle> input, Span<PivotUpdate> output, int left = DefaultSide, int right = DefaultSide)
    {
        Validate(left, right);
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        var width = left + right + 1;
        var lastTimeMs = TimeOrder.None;
        for (var i = 0; i < input.Length; i++)
        {
            FiniteInput.CheckAt(nameof(SwingPivots), input[i], i);
            lastTimeMs = TimeOrder.Next(nameof(SwingPivots), input[i].OpenTimeMs, lastTimeMs);
            output[i] = i + 1 >= width ? Evaluate(input.Slice(i + 1 - width, width), left, i - right) : default;
        }
    }

    /// <summary>Tests the candle at <paramref name="left"/> in a full window (shared math).</summary>
    private static PivotUpdate Evaluate(ReadOnlySpan<Candle> window, int left, int pivotIndex)
    {
        var pivot = window[left];
        bool isHigh = true, isLow = true;
        for (var j = 0; j < window.Length && (isHigh || isLow); j++)
        {
            if (j == left)
            {
                continue;
            }

            var other = window[j];
            if (j < left)
            {
                isHigh &= pivot.High > other.High;
                isLow &= pivot.Low < other.Low;
            }
            else
            {
                isHigh &= pivot.High >= other.High;
                isLow &= pivot.Low <= other.Low;
            }
        }

        return new PivotUpdate(
            isHigh ? new PivotEvent(PivotKind.High, pivotIndex, pivot.OpenTimeMs, pivot.High) : null,
            isLow ? new PivotEvent(PivotKind.Low, pivotIndex, pivot.OpenTimeMs, pivot.Low) : null);
    }

    private static void Validate(int left, int right)
    {
        IndicatorArguments.AtLeast(left, 1, nameof(left));
        IndicatorArguments.AtLeast(right, 1, nameof(right));
    }

    /// <summary>Writes the running state (engine snapshots).</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_lastTimeMs);
        state.Write(_count);
        Write(state, Last.High);
        Write(state, Last.Low);
        _window.Save(state, static (w, c) => w.Write(c));
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        _lastTimeMs = state.ReadLong();
        _count = state.ReadInt();
        Last = new PivotUpdate(ReadPivot(state), ReadPivot(state));
        _window.Load(state, static r => r.ReadCandle());
    }

    /// <summary>Writes a pivot (null allowed).</summary>
    internal static void Write(Backtesting.EngineStateWriter state, PivotEvent? pivot)
    {
        state.Write(pivot.HasValue);
        if (pivot is { } p)
        {
            state.Write((int)p.Kind);
            state.Write(p.Index);
            state.Write(p.TimeMs);
            state.Write(p.Price);
        }
    }

    /// <summary>Reads what <see cref="Write(Backtesting.EngineStateWriter, PivotEvent?)"/> wrote.</summary>
    internal static PivotEvent? ReadPivot(Backtesting.EngineStateReader state) =>
        state.ReadBool() ? new PivotEvent(state.ReadEnum<PivotKind>("pivot kind"), state.ReadInt(), state.ReadLong(), state.ReadDouble()) : null;
}

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// An indicator whose value is a function of its last <see cref="Period"/> inputs (<see cref="Sma"/>,
/// <see cref="StdDev"/>, <see cref="VolumeZScore"/>): the window, the time order, the non-finite check, the warm-up
/// (<see cref="WarmUpPeriod"/> = <see cref="Period"/>) and the snapshot state live here once; a subclass gives the
/// math (<see cref="Of"/>), which its batch <c>Compute</c> calls too, so both paths agree bit for bit.
/// </summary>
public abstract class WindowIndicator : IIndicator
{
    private readonly string _name;
    private readonly SlidingWindow<double> _window;
    private long _lastTimeMs = TimeOrder.None;

    /// <summary>Creates the window of <paramref name="period"/> inputs (at least <paramref name="minimumPeriod"/>) for the indicator <paramref name="name"/>.</summary>
    private protected WindowIndicator(string name, int period, int minimumPeriod)
    {
        IndicatorArguments.AtLeast(period, minimumPeriod, nameof(period));
        _name = name;
        Period = period;
        _window = new SlidingWindow<double>(period);
    }

    /// <summary>Number of inputs in the window.</summary>
    public int Period { get; }

    /// <summary>Inputs needed until the first value: <c>period</c>.</summary>
    public int WarmUpPeriod => Period;

    /// <summary>True once the window is full.</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>The latest value (NaN during warm-up).</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>Adds <paramref name="value"/> at <paramref name="timeMs"/> (strictly increasing) and returns the new value.</summary>
    /// <exception cref="ArgumentException">The value is not finite, or the time is not after the previous input's time.</exception>
    public double Update(long timeMs, double value)
    {
        FiniteInput.Check(_name, value, timeMs);
        _lastTimeMs = TimeOrder.Next(_name, timeMs, _lastTimeMs);
        _window.Add(value);
        Value = _window.IsFull ? Of(_window.Items) : double.NaN;
        return Value;
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _window.Clear();
        _lastTimeMs = TimeOrder.None;
        Value = double.NaN;
    }

    /// <summary>The indicator's value over a full <paramref name="window"/>, oldest first.</summary>
    private protected abstract double Of(ReadOnlySpan<double> window);

    /// <summary>
    /// The value <see cref="Update"/> would give for <paramref name="value"/> at <paramref name="timeMs"/>, leaving the
    /// indicator unchanged: the same window after the update, computed by the same <see cref="Of"/>.
    /// </summary>
    private protected double PeekValue(long timeMs, double value)
    {
        FiniteInput.Check(_name, value, timeMs);
        TimeOrder.Next(_name, timeMs, _lastTimeMs);
        if (_window.Count + 1 < Period)
        {
            return double.NaN;
        }

        var held = _window.IsFull ? _window.Items[1..] : _window.Items;
        var next = new double[Period];
        held.CopyTo(next);
        next[^1] = value;
        return Of(next);
    }

    /// <summary>
    /// Writes <paramref name="of"/> over each window of <paramref name="input"/> to <paramref name="output"/> (NaN during
    /// warm-up): the batch form every subclass's <c>Compute</c> shares.
    /// </summary>
    private protected static void ComputeAll(
        string name, ReadOnlySpan<double> input, Span<double> output, int period, int minimumPeriod, WindowMath of)
    {
        IndicatorArguments.AtLeast(period, minimumPeriod, nameof(period));
        IndicatorArguments.OutputFits(input.Length, output.Length, nameof(output));
        FiniteInput.CheckAll(name, input);
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = i + 1 >= period ? of(input.Slice(i + 1 - period, period)) : double.NaN;
        }
    }

    /// <summary>Writes the running state (engine snapshots).</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_lastTimeMs);
        state.Write(Value);
        _window.Save(state, static (w, x) => w.Write(x));
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        _lastTimeMs = state.ReadLong();
        Value = state.ReadDouble();
        _window.Load(state, static r => r.ReadDouble());
    }

    /// <summary>The math over one window, oldest first.</summary>
    private protected delegate double WindowMath(ReadOnlySpan<double> window);

    /// <summary>The window's items, oldest first (for a subclass that derives more than one figure from it).</summary>
    private protected ReadOnlySpan<double> Window => _window.Items;
}

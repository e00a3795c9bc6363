using System.Runtime.CompilerServices;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>The MACD math shared by <see cref="Macd.Update"/> and <see cref="Macd.Compute"/>.</summary>
internal struct MacdState
{
    private EmaState _fast;
    private EmaState _slow;
    private EmaState _signal;

    public MacdState(int fast, int slow, int signal)
    {
        _fast = new EmaState(fast);
        _slow = new EmaState(slow);
        _signal = new EmaState(signal);
        Value = double.NaN;
        Signal = double.NaN;
        Histogram = double.NaN;
    }

    public double Value { get; private set; }

    public double Signal { get; private set; }

    public double Histogram { get; private set; }

    public readonly double FastEma => _fast.Value;

    public readonly double SlowEma => _slow.Value;

    public readonly bool IsReady => _slow.IsReady;

    /// <summary>Adds a close; returns the MACD line (NaN until the slow EMA is ready).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Add(double close)
    {
        var fast = _fast.Add(close);
        var slow = _slow.Add(close);
        if (!_slow.IsReady)
        {
            return double.NaN;
        }

        var macd = fast - slow;
        var signal = _signal.Add(macd);
        Value = macd;
        Signal = signal;
        Histogram = macd - signal; // NaN while the signal EMA warms up
        return macd;
    }
}

using System.Runtime.CompilerServices;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// The EMA math shared by <see cref="Ema"/>, <see cref="Ema.Compute"/> and <see cref="Macd"/>: the first
/// value is the SMA of the first <c>period</c> inputs, then <c>ema = ema·(1 − k) + x·k</c> with
/// <c>k = 2 / (period + 1)</c>. Written as one fused multiply-add so the loop-carried chain is a single
/// FMA (fast), and correctly rounded on every platform (deterministic).
/// </summary>
internal struct EmaState
{
    private readonly int _period;
    private readonly double _k;
    private readonly double _keep;
    private int _count;
    private double _sum;
    private double _value;

    public EmaState(int period)
    {
        _period = period;
        _k = 2.0 / (period + 1);
        _keep = 1.0 - _k;
        _value = double.NaN;
    }

    /// <summary>The latest EMA (NaN during warm-up).</summary>
    public readonly double Value => _value;

    /// <summary>True once the seed SMA has been formed.</summary>
    public readonly bool IsReady => _count >= _period;

    /// <summary>Weight of the previous EMA, <c>1 − k</c>.</summary>
    public readonly double Keep => _keep;

    /// <summary>Weight of the new input, <c>k = 2/(period + 1)</c>.</summary>
    public readonly double K => _k;

    /// <summary>One step after the seed (the math <see cref="Add"/> and <see cref="Ema.Compute"/>'s loop share).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double previous, double x, double keep, double k) => Math.FusedMultiplyAdd(previous, keep, x * k);

    /// <summary>Adds <paramref name="x"/> and returns the new EMA (NaN during warm-up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Add(double x)
    {
        if (_count >= _period)
        {
            _value = Step(_value, x, _keep, _k);
            return _value;
        }

        _count++;
        _sum += x;
        if (_count == _period)
        {
            _value = _sum / _period;
        }

        return _value;
    }

    /// <summary>Writes the running state (the period comes from the constructor).</summary>
    public readonly void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_count);
        state.Write(_sum);
        state.Write(_value);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Load(Backtesting.EngineStateReader state)
    {
        _count = state.ReadInt();
        _sum = state.ReadDouble();
        _value = state.ReadDouble();
    }
}

using System.Runtime.CompilerServices;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>The Wilder RSI math shared by <see cref="Rsi.Update"/> and <see cref="Rsi.Compute"/>.</summary>
internal struct RsiState
{
    private const double Hundred = 100.0;
    private const double Neutral = 50.0;
    private const double Half = 0.5;

    private readonly int _period;
    private readonly double _keep;
    private readonly double _inverse;
    private int _count;
    private double _previousClose;
    private double _sumGain;
    private double _sumLoss;
    private double _averageGain;
    private double _averageLoss;
    private double _value;

    public RsiState(int period)
    {
        _period = period;
        _keep = Wilder.Keep(period);
        _inverse = Wilder.Inverse(period);
        _value = double.NaN;
    }

    /// <summary>The latest RSI (NaN during warm-up).</summary>
    public readonly double Value => _value;

    /// <summary>True once the first RSI has been produced (after <c>period + 1</c> closes).</summary>
    public readonly bool IsReady => _count > _period;

    /// <summary>Wilder's average gain (NaN before the first RSI).</summary>
    public readonly double AverageGain => IsReady ? _averageGain : double.NaN;

    /// <summary>Wilder's average loss (NaN before the first RSI).</summary>
    public readonly double AverageLoss => IsReady ? _averageLoss : double.NaN;

    /// <summary>The latest close (the reference for the next change).</summary>
    public readonly double PreviousClose => _previousClose;

    /// <summary>Wilder's weight of the previous average, <c>(period − 1)/period</c>.</summary>
    public readonly double Keep => _keep;

    /// <summary>Wilder's weight of the new change, <c>1/period</c>.</summary>
    public readonly double Inverse => _inverse;

    /// <summary>Adds a close and returns the RSI (NaN during warm-up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Add(double close)
    {
        var change = close - _previousClose;
        _previousClose = close;
        if (_count > _period)
        {
            _value = Step(ref _averageGain, ref _averageLoss, change, _keep, _inverse);
            return _value;
        }

        return Warm(change);
    }

    /// <summary>
    /// One step after the warm-up (the math <see cref="Add"/> and <see cref="Rsi.Compute"/>'s loop share):
    /// smooths the gain and loss of <paramref name="change"/> into the averages and returns the RSI.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(ref double averageGain, ref double averageLoss, double change, double keep, double inverse)
    {
        averageGain = Wilder.Next(averageGain, Gain(change), keep, inverse);
        averageLoss = Wilder.Next(averageLoss, Loss(change), keep, inverse);
        return FromAverages(averageGain, averageLoss);
    }

    private double Warm(double change)
    {
        if (_count++ == 0)
        {
            return double.NaN; // the first close only sets the reference price
        }

        _sumGain += Gain(change);
        _sumLoss += Loss(change);
        if (_count > _period)
        {
            _averageGain = Wilder.Seed(_sumGain, _period);
            _averageLoss = Wilder.Seed(_sumLoss, _period);
            _value = FromAverages(_averageGain, _averageLoss);
        }

        return _value;
    }

    /// <summary>The upward part of a change, branch-free and exact: <c>max(change, 0)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Gain(double change) => (Math.Abs(change) + change) * Half;

    /// <summary>The downward part of a change as a positive number, branch-free and exact: <c>max(−change, 0)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Loss(double change) => (Math.Abs(change) - change) * Half;

    /// <summary>
    /// <c>100 − 100/(1 + RS)</c> written as <c>100·gain/(gain + loss)</c>: one division, and it gives 100 for
    /// all gains and 0 for all losses without a special case; no movement at all gives 50.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double FromAverages(double averageGain, double averageLoss)
    {
        var total = averageGain + averageLoss;
        return total > 0 ? Hundred * averageGain / total : Neutral;
    }

    /// <summary>Writes the running state (the period comes from the constructor).</summary>
    public readonly void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_count);
        state.Write(_previousClose);
        state.Write(_sumGain);
        state.Write(_sumLoss);
        state.Write(_averageGain);
        state.Write(_averageLoss);
        state.Write(_value);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Load(Backtesting.EngineStateReader state)
    {
        _count = state.ReadInt();
        _previousClose = state.ReadDouble();
        _sumGain = state.ReadDouble();
        _sumLoss = state.ReadDouble();
        _averageGain = state.ReadDouble();
        _averageLoss = state.ReadDouble();
        _value = state.ReadDouble();
    }
}

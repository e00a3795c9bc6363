using System.Runtime.CompilerServices;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>The Wilder ATR math shared by <see cref="Atr.Update"/> and <see cref="Atr.Compute(System.ReadOnlySpan{Domain.Candle}, System.Span{double}, int)"/> and its column overload.</summary>
internal struct AtrState
{
    private readonly int _period;
    private readonly double _keep;
    private readonly double _inverse;
    private TrueRangeState _trueRange;
    private int _count;
    private double _sum;
    private double _value;

    public AtrState(int period)
    {
        _period = period;
        _keep = Wilder.Keep(period);
        _inverse = Wilder.Inverse(period);
        _trueRange = new TrueRangeState(nameof(Atr));
        _value = double.NaN;
        TrueRange = double.NaN;
    }

    /// <summary>The latest ATR (NaN during warm-up).</summary>
    public readonly double Value => _value;

    /// <summary>The latest candle's true range (NaN for the first candle).</summary>
    public double TrueRange { get; private set; }

    /// <summary>Wilder's weight of the previous ATR, <c>(period − 1)/period</c>.</summary>
    public readonly double Keep => _keep;

    /// <summary>Wilder's weight of the new true range, <c>1/period</c>.</summary>
    public readonly double Inverse => _inverse;

    /// <summary>Open time of the latest candle.</summary>
    public readonly long LastTimeMs => _trueRange.LastTimeMs;

    /// <summary>Close of the latest candle.</summary>
    public readonly double PreviousClose => _trueRange.PreviousClose;

    /// <summary>True once the first ATR (mean of TR[1..period]) has been formed.</summary>
    public readonly bool IsReady => _count >= _period;

    /// <summary>Adds a candle and returns the ATR (NaN during warm-up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Add(in Candle candle)
    {
        var tr = _trueRange.Add(candle);
        TrueRange = tr;
        if (_count >= _period)
        {
            _value = Wilder.Next(_value, tr, _keep, _inverse);
            return _value;
        }

        if (!double.IsNaN(tr))
        {
            _count++;
            _sum += tr;
            if (_count == _period)
            {
                _value = Wilder.Seed(_sum, _period);
            }
        }

        return _value;
    }

    /// <summary>Writes the running state (the period comes from the constructor).</summary>
    public readonly void Save(Backtesting.EngineStateWriter state)
    {
        _trueRange.Save(state);
        state.Write(_count);
        state.Write(_sum);
        state.Write(_value);
        state.Write(TrueRange);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Load(Backtesting.EngineStateReader state)
    {
        _trueRange.Load(state);
        _count = state.ReadInt();
        _sum = state.ReadDouble();
        _value = state.ReadDouble();
        TrueRange = state.ReadDouble();
    }
}

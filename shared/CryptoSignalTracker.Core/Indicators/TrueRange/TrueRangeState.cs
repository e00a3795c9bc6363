using System.Runtime.CompilerServices;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>The true-range math (and time-order check) shared by <see cref="TrueRange"/> and <see cref="Atr"/>.</summary>
internal struct TrueRangeState
{
    private readonly string _indicator;
    private long _lastTimeMs;
    private double _previousClose;
    private bool _hasPrevious;

    /// <param name="indicator">Name used in the out-of-order error message.</param>
    public TrueRangeState(string indicator)
    {
        _indicator = indicator;
        _lastTimeMs = TimeOrder.None;
        _previousClose = double.NaN;
    }

    /// <summary>Open time of the latest candle (<see cref="TimeOrder.None"/> before the first).</summary>
    public readonly long LastTimeMs => _lastTimeMs;

    /// <summary>Close of the latest candle (NaN before the first).</summary>
    public readonly double PreviousClose => _previousClose;

    /// <summary>Adds a candle and returns its true range (NaN for the first candle, which has no previous close).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Add(in Candle candle)
    {
        FiniteInput.Check(_indicator, candle);
        _lastTimeMs = TimeOrder.Next(_indicator, candle.OpenTimeMs, _lastTimeMs);
        var tr = _hasPrevious ? TrueRange.Of(candle.High, candle.Low, _previousClose) : double.NaN;
        _previousClose = candle.Close;
        _hasPrevious = true;
        return tr;
    }

    /// <summary>Writes the running state.</summary>
    public readonly void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_lastTimeMs);
        state.Write(_previousClose);
        state.Write(_hasPrevious);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Load(Backtesting.EngineStateReader state)
    {
        _lastTimeMs = state.ReadLong();
        _previousClose = state.ReadDouble();
        _hasPrevious = state.ReadBool();
    }
}

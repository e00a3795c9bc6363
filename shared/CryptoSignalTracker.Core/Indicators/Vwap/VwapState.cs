using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>The VWAP math shared by <see cref="Vwap.Update"/> and <see cref="Vwap.Compute"/>.</summary>
internal struct VwapState
{
    private const long DayMs = 86_400_000L;
    private const double Three = 3.0;

    private readonly bool _resetDaily;
    private long _lastTimeMs;
    private long _day;
    private double _sumPriceVolume;
    private double _sumVolume;

    public VwapState(bool resetDaily)
    {
        _resetDaily = resetDaily;
        _lastTimeMs = TimeOrder.None;
        _day = long.MinValue;
        Value = double.NaN;
    }

    public double Value { get; private set; }

    public readonly bool HasInput => _lastTimeMs != TimeOrder.None;

    public double Add(in Candle candle)
    {
        FiniteInput.Check(nameof(Vwap), candle);
        _lastTimeMs = TimeOrder.Next(nameof(Vwap), candle.OpenTimeMs, _lastTimeMs);
        var day = Math.DivRem(candle.OpenTimeMs, DayMs, out var rest) - (rest < 0 ? 1 : 0);
        if (_resetDaily && day != _day)
        {
            _sumPriceVolume = 0;
            _sumVolume = 0;
        }

        _day = day;
        var typical = (candle.High + candle.Low + candle.Close) / Three;
        _sumPriceVolume += typical * candle.Volume;
        _sumVolume += candle.Volume;
        Value = _sumVolume > 0 ? _sumPriceVolume / _sumVolume : double.NaN;
        return Value;
    }
}

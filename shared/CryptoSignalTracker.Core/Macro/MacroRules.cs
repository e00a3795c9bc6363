using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Macro;

/// <summary>
/// The macro (SWING) rules for one symbol, fed closed 4-hour and closed 5-minute candles. Pure: the live
/// MacroEngine (Kraken candles) and the backtester (candles resampled from 1-minute data) call the same code.
/// </summary>
/// <remarks>
/// LONG fires on a closed 5-minute candle when: close &gt; EMA(20) of 4-hour closes; close &gt; EMA(10) of
/// 5-minute closes; 50 &lt; RSI(14) &lt; 60 and rising (least-squares slope of the last 3 RSI values &gt; 0);
/// volume z-score(20) &gt; 1; close less than 1 % above EMA(10). SHORT is the mirror (RSI between 40 and 50
/// and falling, close below both EMAs and less than 1 % below EMA(10)).
/// <para>Confidence = 50 + 50 × S, S = 0.15·trend + 0.20·band + 0.20·momentum + 0.40·volume + 0.05·room, each
/// term in [0, 1]: trend = distance beyond the 4-hour EMA / 2 %; band = 1 − |RSI − band centre| / half band
/// width; momentum = |slope| / 2 RSI points per candle; volume = (z − 1) / 2; room = 1 − extension / 1 %.
/// The weights follow the original's unused scoring path (RSI 0.40, volume 0.40, pattern 0.15).</para>
/// </remarks>
public sealed class MacroRules
{
    /// <summary>The strategy id of SWING signals.</summary>
    public const string StrategyId = "macro-swing";

    private const long FiveMinutesMs = 5 * 60_000L;
    private const long FourHoursMs = 240 * 60_000L;

    private readonly string _symbol;
    private readonly MacroOptions _options;
    private readonly Ema _trendEma;
    private readonly Ema _fastEma;
    private readonly Rsi _rsi;
    private readonly VolumeZScore _volumeZ;
    private readonly double[] _rsiRing;
    private int _rsiCount;
    private long _lastSignalMs = long.MinValue;
    private long _last4hOpenMs = long.MinValue;

    /// <summary>Creates the rules for <paramref name="symbol"/>.</summary>
    public MacroRules(string symbol, MacroOptions options)
    {
        _symbol = symbol;
        _options = options.Validate();
        _trendEma = new Ema(options.TrendEmaPeriod);
        _fastEma = new Ema(options.FastEmaPeriod);
        _rsi = new Rsi(options.RsiPeriod);
        _volumeZ = new VolumeZScore(options.VolumeZPeriod);
        _rsiRing = new double[options.SlopePoints];
    }

    /// <summary>EMA of 4-hour closes (NaN until enough 4-hour candles closed).</summary>
    public double TrendEma => _trendEma.Value;

    /// <summary>Feeds a <b>closed</b> 4-hour candle.</summary>
    public void On4HourCandle(in Candle candle)
    {
        _last4hOpenMs = candle.OpenTimeMs;
        _trendEma.Update(candle.OpenTimeMs, candle.Close);
    }

    /// <summary>Feeds a <b>closed</b> 5-minute candle; returns a SWING signal and bias when the rules fire.</summary>
    /// <exception cref="ArgumentException">A 4-hour candle that had not closed by this candle's close was fed.</exception>
    public MacroSignal? On5MinuteCandle(in Candle candle)
    {
        var decisionMs = candle.OpenTimeMs + FiveMinutesMs;
        if (_last4hOpenMs != long.MinValue && _last4hOpenMs + FourHoursMs > decisionMs)
        {
            throw new ArgumentException($"{_symbol}: the 4-hour candle opened {WireNames.Time(_last4hOpenMs)} had not closed at {WireNames.Time(decisionMs)} (lookahead)");
        }

        var fast = _fastEma.Update(candle.OpenTimeMs, candle.Close);
        var rsi = _rsi.Update(candle.OpenTimeMs, candle.Close);
        var z = _volumeZ.Update(candle.OpenTimeMs, candle.Volume);
        if (!double.IsNaN(rsi))
        {
            _rsiRing[_rsiCount % _rsiRing.Length] = rsi;
            _rsiCount++;
        }

        var trend = _trendEma.Value;
        if (double.IsNaN(fast) || double.IsNaN(rsi) || double.IsNaN(z) || double.IsNaN(trend) || _rsiCount < _rsiRing.Length)
        {
            return null;
        }

        if (_lastSignalMs != long.MinValue && decisionMs - _lastSignalMs < _options.CooldownMinutes * 60_000L)
        {
            return null;
        }

        var slope = Slope();
        var close = candle.Close;
        Direction side;
        if (close > trend && close > fast && rsi > _options.RsiBandLow && rsi < _options.RsiBandHigh && slope > 0
            && z > _options.MinVolumeZ && (close / fast - 1) * 100 < _options.MaxExtensionPercent)
        {
            side = Direction.Long;
        }
        else if (_options.EnableShort && close < trend && close < fast && rsi < 100 - _options.RsiBandLow && rsi > 100 - _options.RsiBandHigh
            && slope < 0 && z > _options.MinVolumeZ && (1 - close / fast) * 100 < _options.MaxExtensionPercent)
        {
            side = Direction.Short;
        }
        else
        {
            return null;
        }

        _lastSignalMs = decisionMs;
        var confidence = Confidence(side, close, trend, fast, rsi, slope, z);
        var sign = side == Direction.Long ? 1 : -1;
        var intent = new EntryIntent(
            side,
            close,
            close * (1 - (sign * _options.StopLossPercent / 100)),
            close * (1 + (sign * _options.TakeProfitPercent / 100)),
            confidence,
            string.Create(
                CultureInfo.InvariantCulture,
                $"5m close {close} {(side == Direction.Long ? ">" : "<")} 4h EMA({_options.TrendEmaPeriod}) {trend:0.#####} and EMA({_options.FastEmaPeriod}) {fast:0.#####}; RSI({_options.RsiPeriod}) {rsi:0.##} {(side == Direction.Long ? "rising" : "falling")} {slope:+0.##;-0.##}/candle; volume z {z:0.##} > {_options.MinVolumeZ:0.##}"));
        var bias = new MacroBias(_symbol, side, confidence, decisionMs, decisionMs + (long)(_options.BiasValidityHours * 3_600_000));
        return new MacroSignal(intent, bias, candle.OpenTimeMs);
    }

    /// <summary>Forgets all state.</summary>
    public void Reset()
    {
        _trendEma.Reset();
        _fastEma.Reset();
        _rsi.Reset();
        _volumeZ.Reset();
        _rsiCount = 0;
        _lastSignalMs = _last4hOpenMs = long.MinValue;
    }

    /// <summary>Least-squares slope of the last <see cref="MacroOptions.SlopePoints"/> RSI values, per candle.</summary>
    private double Slope()
    {
        var n = _rsiRing.Length;
        var meanX = (n - 1) / 2.0;
        double meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanY += _rsiRing[(_rsiCount + i) % n];
        }

        meanY /= n;
        double num = 0, den = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = i - meanX;
            num += dx * (_rsiRing[(_rsiCount + i) % n] - meanY); // oldest first: ring index _rsiCount % n is the oldest
            den += dx * dx;
        }

        return num / den;
    }

    private double Confidence(Direction side, double close, double trend, double fast, double rsi, double slope, double z)
    {
        var sign = side == Direction.Long ? 1 : -1;
        var centre = side == Direction.Long ? (_options.RsiBandLow + _options.RsiBandHigh) / 2 : 100 - ((_options.RsiBandLow + _options.RsiBandHigh) / 2);
        var halfWidth = (_options.RsiBandHigh - _options.RsiBandLow) / 2;
        var trendScore = Math.Clamp(sign * (close / trend - 1) / 0.02, 0, 1);
        var bandScore = Math.Clamp(1 - (Math.Abs(rsi - centre) / halfWidth), 0, 1);
        var momentumScore = Math.Clamp(Math.Abs(slope) / 2, 0, 1);
        var volumeScore = Math.Clamp((z - _options.MinVolumeZ) / 2, 0, 1);
        var roomScore = Math.Clamp(1 - (Math.Abs(close / fast - 1) * 100 / _options.MaxExtensionPercent), 0, 1);
        var s = (0.15 * trendScore) + (0.20 * bandScore) + (0.20 * momentumScore) + (0.40 * volumeScore) + (0.05 * roomScore);
        return Math.Round(50 + (50 * s), 1);
    }

    /// <summary>Writes the running state (engine snapshots).</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_rsiCount);
        state.Write(_lastSignalMs);
        state.Write(_last4hOpenMs);
        state.Write(_rsiRing.Length);
        foreach (var rsi in _rsiRing)
        {
            state.Write(rsi);
        }

        _trendEma.Save(state);
        _fastEma.Save(state);
        _rsi.Save(state);
        _volumeZ.Save(state);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        _rsiCount = state.ReadInt();
        _lastSignalMs = state.ReadLong();
        _last4hOpenMs = state.ReadLong();
        if (state.ReadInt() != _rsiRing.Length)
        {
            throw new FormatException("engine state: the macro rules were saved with another slope length");
        }

        for (var i = 0; i < _rsiRing.Length; i++)
        {
            _rsiRing[i] = state.ReadDouble();
        }

        _trendEma.Load(state);
        _fastEma.Load(state);
        _rsi.Load(state);
        _volumeZ.Load(state);
    }
}

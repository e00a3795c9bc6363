using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;

namespace CryptoSignalTracker.Core.Strategy;

/// <summary>
/// MICRO-SCALP "V5.2 Champion" for one symbol. On each closed 1-minute candle: LONG when RSI(14) ≤ 25 and
/// volume &gt; 1.5 × the 20-candle average volume (that candle included); SHORT when RSI(14) ≥ 75 with the
/// same spike. Each candle is decided once. Optionally (<see cref="ChampionOptions.RequireDivergence"/>)
/// a set-up waits for a confirmed regular RSI divergence.
/// </summary>
public sealed class ChampionStrategy : IStrategy
{
    /// <summary>The strategy id in signal ids and alerts.</summary>
    public const string StrategyId = "v5.2-champion";

    private readonly ChampionOptions _options;
    private readonly Rsi _rsi;
    private readonly Sma _volumeAverage;
    private readonly Atr? _atr;
    private readonly RsiDivergence? _divergence;
    private readonly int _divergenceWindow;
    private readonly Backtesting.IndicatorTape.Track? _recorded;
    private readonly bool _reasons = true;
    private int _nextRecorded;
    private long _index = -1;
    private const long NoSetup = -1;
    private long _longSetupIndex = NoSetup;
    private long _shortSetupIndex = NoSetup;
    private string _longSetupReason = string.Empty;
    private string _shortSetupReason = string.Empty;

    /// <summary>Creates the strategy with validated <paramref name="options"/>.</summary>
    public ChampionStrategy(ChampionOptions options)
    {
        _options = options.Validate();
        _rsi = new Rsi(options.RsiPeriod);
        _volumeAverage = new Sma(options.VolumePeriod);
        _atr = options.ExitMode == ExitMode.Atr ? new Atr(options.AtrPeriod) : null; // only ATR exits need it
        if (options.RequireDivergence)
        {
            _divergence = new RsiDivergence(options.PivotLeft, options.PivotRight);
            _divergenceWindow = options.DivergenceWindow > 0 ? options.DivergenceWindow : options.PivotLeft + options.PivotRight;
        }
    }

    /// <summary>
    /// A strategy for a backtest (grid searches): with <paramref name="recorded"/> it reads RSI and the volume average of
    /// its n-th candle from that track (recorded from these very candles with these periods; NaN where no set-up is possible
    /// for these settings, see <see cref="Backtesting.IndicatorTape"/>) instead of computing them;
    /// without <paramref name="reasons"/> its set-ups carry an empty reason. It decides exactly as the strategy above.
    /// Such a strategy cannot <see cref="Peek"/> or save its state.
    /// </summary>
    internal ChampionStrategy(ChampionOptions options, Backtesting.IndicatorTape.Track? recorded, bool reasons)
        : this(options)
    {
        _recorded = recorded;
        _reasons = reasons;
    }

    /// <inheritdoc />
    public string Id => StrategyId;

    /// <inheritdoc />
    public int WarmUpPeriod => Math.Max(_rsi.WarmUpPeriod, Math.Max(_volumeAverage.WarmUpPeriod, _atr?.WarmUpPeriod ?? 0));

    /// <summary>RSI after the last candle (NaN during warm-up).</summary>
    public double Rsi => _recorded is null ? _rsi.Value : throw new InvalidOperationException("a strategy replaying recorded indicators does not keep its RSI");

    /// <inheritdoc />
    public EntryIntent? OnCandle(in Candle candle)
    {
        _index++;
        var (rsi, average) = _recorded is { } track
            ? track.At(ref _nextRecorded, _index, candle.OpenTimeMs)
            : (_rsi.Update(candle.OpenTimeMs, candle.Close), _volumeAverage.Update(candle.OpenTimeMs, candle.Volume));
        var atr = _atr?.Update(candle) ?? double.NaN;
        var divergence = _divergence?.Update(candle, rsi) ?? DivergenceKind.None;
        if (_divergence is null)
        {
            return Decide(candle, rsi, average, atr);
        }

        if (double.IsNaN(rsi) || double.IsNaN(average))
        {
            return null;
        }

        var setup = Setup(candle.Volume, rsi, average);

        // Divergence confirmation: a set-up arms its side for a window of candles; the signal is decided at
        // the close of the candle that confirms a pivot completing a regular divergence on that side.
        if (setup == Direction.Long)
        {
            _longSetupIndex = _index;
            _longSetupReason = SetupReason(Direction.Long, rsi, candle.Volume, average);
        }
        else if (setup == Direction.Short)
        {
            _shortSetupIndex = _index;
            _shortSetupReason = SetupReason(Direction.Short, rsi, candle.Volume, average);
        }

        if (divergence == DivergenceKind.Bullish && Armed(_longSetupIndex))
        {
            _longSetupIndex = NoSetup;
            return Intent(Direction.Long, candle, rsi, average, atr, DivergenceReason(_longSetupReason));
        }

        if (divergence == DivergenceKind.Bearish && Armed(_shortSetupIndex))
        {
            _shortSetupIndex = NoSetup;
            return Intent(Direction.Short, candle, rsi, average, atr, DivergenceReason(_shortSetupReason));
        }

        return null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// RSI, the volume average and the ATR are peeked (their next value computed on a copy of their state) and the
    /// candle is decided by the same code as <see cref="OnCandle"/>. With <see cref="ChampionOptions.RequireDivergence"/>
    /// on this returns null: a divergence needs a confirmed pivot, which only closed candles (PivotRight of them after
    /// the pivot) can give, so a forming candle can never complete one.
    /// </remarks>
    public EntryIntent? Peek(in Candle forming)
    {
        if (_divergence is not null)
        {
            return null;
        }

        ThrowIfRecorded();
        var rsi = _rsi.Peek(forming.OpenTimeMs, forming.Close);
        var average = _volumeAverage.Peek(forming.OpenTimeMs, forming.Volume);
        var atr = _atr?.Peek(forming) ?? double.NaN;
        return Decide(forming, rsi, average, atr);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _rsi.Reset();
        _volumeAverage.Reset();
        _atr?.Reset();
        _divergence?.Reset();
        _index = -1;
        _nextRecorded = 0;
        _longSetupIndex = _shortSetupIndex = NoSetup;
        _longSetupReason = _shortSetupReason = string.Empty;
    }

    /// <summary>The decision without divergence confirmation, shared by <see cref="OnCandle"/> and <see cref="Peek"/>.</summary>
    private EntryIntent? Decide(in Candle candle, double rsi, double average, double atr)
    {
        if (double.IsNaN(rsi) || double.IsNaN(average))
        {
            return null;
        }

        return Setup(candle.Volume, rsi, average) is { } side ? Intent(side, candle, rsi, average, atr, SetupReason(side, rsi, candle.Volume, average)) : null;
    }

    /// <summary>LONG on a volume spike with RSI oversold, SHORT with RSI overbought, otherwise none.</summary>
    private Direction? Setup(double volume, double rsi, double average)
    {
        var spike = volume > _options.VolumeFactor * average;
        if (spike && rsi <= _options.Oversold)
        {
            return Direction.Long;
        }

        return spike && rsi >= _options.Overbought ? Direction.Short : null;
    }

    /// <summary>True when a set-up seen at <paramref name="setupIndex"/> still waits for its divergence.</summary>
    private bool Armed(long setupIndex) => setupIndex != NoSetup && _index - setupIndex <= _divergenceWindow;

    private EntryIntent? Intent(Direction side, in Candle candle, double rsi, double average, double atr, string reason)
    {
        var entry = candle.Close;
        double stopDistance, targetDistance;
        if (_options.ExitMode == ExitMode.Atr)
        {
            if (double.IsNaN(atr) || atr <= 0)
            {
                return null; // ATR exits need a warmed-up, non-zero ATR
            }

            stopDistance = _options.AtrStopLossMultiple * atr;
            targetDistance = _options.AtrTakeProfitMultiple * atr;
            if (_reasons)
            {
                reason += string.Create(CultureInfo.InvariantCulture, $"; ATR({_options.AtrPeriod}) {atr:0.#####}");
            }
        }
        else
        {
            stopDistance = entry * _options.StopLossPercent / 100;
            targetDistance = entry * _options.TakeProfitPercent / 100;
        }

        var (stop, target) = side == Direction.Long
            ? (entry - stopDistance, entry + targetDistance)
            : (entry + stopDistance, entry - targetDistance);
        if (stop <= 0 || target <= 0)
        {
            return null;
        }

        return new EntryIntent(side, entry, stop, target, Strength(side, rsi, candle.Volume / average), reason);
    }

    /// <summary>
    /// 50 at the thresholds; up to +25 as RSI goes 10 points past its threshold, and up to +25 as the
    /// volume ratio reaches twice the required spike.
    /// </summary>
    private double Strength(Direction side, double rsi, double volumeRatio)
    {
        var rsiPast = side == Direction.Long ? _options.Oversold - rsi : rsi - _options.Overbought;
        var rsiScore = Math.Clamp(rsiPast / 10, 0, 1);
        var volumeScore = _options.VolumeFactor > 0 ? Math.Clamp((volumeRatio / _options.VolumeFactor) - 1, 0, 1) : 1;
        return Math.Round(50 + (25 * rsiScore) + (25 * volumeScore), 1);
    }

    private string SetupReason(Direction side, double rsi, double volume, double average) => !_reasons ? string.Empty :
        string.Create(
            CultureInfo.InvariantCulture,
            $"RSI({_options.RsiPeriod}) {rsi:0.##} {(side == Direction.Long ? "≤" : "≥")} {(side == Direction.Long ? _options.Oversold : _options.Overbought):0.##}, volume {volume / average:0.00}× {_options.VolumePeriod}-candle average (> {_options.VolumeFactor:0.##}×)");

    private string DivergenceReason(string setupReason)
    {
        if (!_reasons)
        {
            return string.Empty;
        }

        if (_divergence!.LastDivergence is not { } d)
        {
            return setupReason + "; RSI divergence";
        }

        var (lows, lower) = d.Kind == DivergenceKind.Bullish ? ("low", "lower low") : ("high", "higher high");
        return setupReason + "; " + string.Create(
            CultureInfo.InvariantCulture,
            $"{(d.Kind == DivergenceKind.Bullish ? "bullish" : "bearish")} RSI divergence: {lows} {d.Previous.Price} (RSI {d.PreviousRsi:0.##}) at {WireNames.Time(d.Previous.TimeMs)}, {lower} {d.Current.Price} (RSI {d.CurrentRsi:0.##}) at {WireNames.Time(d.Current.TimeMs)}");
    }

    /// <inheritdoc />
    public void SaveState(Backtesting.EngineStateWriter state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ThrowIfRecorded();
        state.Write(_atr is not null);
        state.Write(_divergence is not null);
        state.Write(_index);
        state.Write(_longSetupIndex);
        state.Write(_shortSetupIndex);
        state.Write(_longSetupReason);
        state.Write(_shortSetupReason);
        _rsi.Save(state);
        _volumeAverage.Save(state);
        _atr?.Save(state);
        _divergence?.Save(state);
    }

    /// <inheritdoc />
    public void LoadState(Backtesting.EngineStateReader state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ThrowIfRecorded();
        if (state.ReadBool() != _atr is not null || state.ReadBool() != _divergence is not null)
        {
            throw new FormatException("engine state: the strategy was saved with another exit mode or divergence setting");
        }

        _index = state.ReadLong();
        _longSetupIndex = state.ReadLong();
        _shortSetupIndex = state.ReadLong();
        _longSetupReason = state.ReadString() ?? string.Empty;
        _shortSetupReason = state.ReadString() ?? string.Empty;
        _rsi.Load(state);
        _volumeAverage.Load(state);
        _atr?.Load(state);
        _divergence?.Load(state);
    }

    private void ThrowIfRecorded()
    {
        if (_recorded is not null)
        {
            throw new InvalidOperationException("a strategy replaying recorded indicators can neither peek nor save or load its state");
        }
    }
}

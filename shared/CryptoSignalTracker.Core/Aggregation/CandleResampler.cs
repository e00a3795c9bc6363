using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Aggregation;

/// <summary>
/// Combines candles of one interval into candles of a longer one (1m → 5m, 1m → 4h ...), candle by candle.
/// </summary>
/// <remarks>
/// <para>A higher candle covers the source candles whose open time falls in its bucket (buckets are aligned
/// to the Unix epoch, like <see cref="Interval.Floor"/>). It is completed as soon as the bucket's last source
/// candle arrives, or, when that one is missing (a hole), when a candle of a later bucket arrives or on
/// <see cref="Flush"/>. Buckets without any source candle are not produced: the input is expected to be
/// filled already (as <see cref="CandleAggregator"/> does), so an empty bucket lies inside a hole.</para>
/// <para>Filler candles (<see cref="Candle.Trades"/> = 0) carry no trades, so they set the higher candle's
/// prices only when the whole bucket has no trades; then it is flat at their price. This way resampling
/// aggregated 1m candles gives the same candles as aggregating the trades to the higher interval directly
/// (volumes are summed exactly as in the aggregator, see <see cref="VolumeSum"/>). One edge differs: a 1m hole only slightly longer than the
/// fill limit (e.g. 61-69 quiet minutes for 5m) can span whole 5m buckets that direct 5m aggregation would
/// still fill (it measures the quiet run in whole buckets); here they stay empty. Trade counts add up; a source candle with an unknown
/// count (-1) makes the sum unknown. Buy and sell volumes add up (NaN when a source does not say).</para>
/// <para>Source candles must be aligned to the source interval and strictly increase in time; otherwise
/// <see cref="Update"/> throws <see cref="ArgumentException"/> naming both times. Updates allocate nothing.</para>
/// </remarks>
public sealed class CandleResampler
{
    private readonly long _sourceMs;
    private readonly long _targetMs;

    private long _lastSourceOpenMs = long.MinValue;
    private bool _pending;
    private bool _hasTraded;
    private long _openMs;
    private double _open;
    private double _high;
    private double _low;
    private double _close;
    private VolumeSum _volume;
    private VolumeSum _buyVolume;
    private VolumeSum _sellVolume;
    private int _trades;

    /// <summary>Creates a resampler from <paramref name="source"/> candles to <paramref name="target"/> candles.</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> is not a whole multiple of <paramref name="source"/>.</exception>
    public CandleResampler(Interval source, Interval target)
    {
        if (source.Minutes < 1 || target.Minutes < 1 || target.Minutes % source.Minutes != 0)
        {
            throw new ArgumentException($"cannot resample {source} candles to {target}: the target must be a whole multiple of the source", nameof(target));
        }

        Source = source;
        Target = target;
        _sourceMs = source.Milliseconds;
        _targetMs = target.Milliseconds;
    }

    /// <summary>The interval of the input candles.</summary>
    public Interval Source { get; }

    /// <summary>The interval of the output candles.</summary>
    public Interval Target { get; }

    /// <summary>The higher candle being built (not yet completed), or null.</summary>
    public Candle? Forming => _pending ? Current() : null;

    /// <summary>Resamples a whole series in one go (the same code as feeding it candle by candle, then <see cref="Flush"/>).</summary>
    public static IReadOnlyList<Candle> Resample(ReadOnlySpan<Candle> candles, Interval source, Interval target)
    {
        var resampler = new CandleResampler(source, target);
        var output = new List<Candle>((candles.Length / Math.Max(1, target.Minutes / source.Minutes)) + 1);
        foreach (ref readonly var candle in candles)
        {
            foreach (var closed in resampler.Update(candle))
            {
                output.Add(closed);
            }
        }

        if (resampler.Flush() is { } last)
        {
            output.Add(last);
        }

        return output;
    }

    /// <summary>Adds one source candle and returns the higher candles it completed (usually none or one).</summary>
    /// <exception cref="ArgumentException">The candle is not aligned to the source interval or not later than the previous one.</exception>
    public ClosedCandles Update(in Candle candle)
    {
        var time = candle.OpenTimeMs;
        if (Source.Floor(time) != time)
        {
            throw new ArgumentException($"candle at {WireNames.Time(time)} is not aligned to the {Source} source interval", nameof(candle));
        }

        if (time <= _lastSourceOpenMs)
        {
            throw new ArgumentException($"candle at {WireNames.Time(time)} is not later than the previous candle at {WireNames.Time(_lastSourceOpenMs)}; candles must arrive in time order", nameof(candle));
        }

        _lastSourceOpenMs = time;
        var bucket = Target.Floor(time);
        var count = 0;
        Candle first = default;
        if (_pending && bucket != _openMs)
        {
            // the previous bucket lost its last source candle (a hole): it is complete now
            first = Current();
            _pending = false;
            count = 1;
        }

        Accumulate(candle, bucket);
        if (time + _sourceMs == bucket + _targetMs)
        {
            var done = Current();
            _pending = false;
            return count == 0 ? new ClosedCandles(1, done, default) : new ClosedCandles(2, first, done);
        }

        return count == 0 ? ClosedCandles.None : new ClosedCandles(1, first, default);
    }

    /// <summary>Completes and returns the bucket still being built (end of input), or null when there is none.</summary>
    public Candle? Flush()
    {
        if (!_pending)
        {
            return null;
        }

        _pending = false;
        return Current();
    }

    private void Accumulate(in Candle candle, long bucket)
    {
        var traded = candle.Trades != 0;
        if (!_pending)
        {
            _pending = true;
            _openMs = bucket;
            _hasTraded = traded;
            SetPrices(candle);
            _volume.Reset(candle.Volume);
            _buyVolume.Reset(candle.BuyVolume);
            _sellVolume.Reset(candle.SellVolume);
            _trades = candle.Trades;
            return;
        }

        _volume.Add(candle.Volume);
        _buyVolume.Add(candle.BuyVolume);
        _sellVolume.Add(candle.SellVolume);
        _trades = _trades < 0 || candle.Trades < 0 ? -1 : _trades + candle.Trades;
        if (!traded)
        {
            if (!_hasTraded)
            {
                _close = candle.Close;
            }

            return;
        }

        if (!_hasTraded)
        {
            // first candle with trades in a bucket that so far held only fillers: prices start here
            _hasTraded = true;
            SetPrices(candle);
            return;
        }

        _high = Math.Max(_high, candle.High);
        _low = Math.Min(_low, candle.Low);
        _close = candle.Close;
    }

    private void SetPrices(in Candle candle)
    {
        _open = candle.Open;
        _high = candle.High;
        _low = candle.Low;
        _close = candle.Close;
    }

    private Candle Current() => new(_openMs, _open, _high, _low, _close, _volume.Value, _trades, _buyVolume.Value, _sellVolume.Value);

    /// <summary>Writes the running state (engine snapshots).</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_lastSourceOpenMs);
        state.Write(_pending);
        state.Write(_hasTraded);
        state.Write(_openMs);
        state.Write(_open);
        state.Write(_high);
        state.Write(_low);
        state.Write(_close);
        // the sums as doubles (the snapshot format): Reset turns such a double back into the same exact units
        state.Write(_volume.Value);
        state.Write(_buyVolume.Value);
        state.Write(_sellVolume.Value);
        state.Write(_trades);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        _lastSourceOpenMs = state.ReadLong();
        _pending = state.ReadBool();
        _hasTraded = state.ReadBool();
        _openMs = state.ReadLong();
        _open = state.ReadDouble();
        _high = state.ReadDouble();
        _low = state.ReadDouble();
        _close = state.ReadDouble();
        _volume.Reset(state.ReadDouble());
        _buyVolume.Reset(state.ReadDouble());
        _sellVolume.Reset(state.ReadDouble());
        _trades = state.ReadInt();
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Aggregation;

/// <summary>
/// Turns time-ordered trades of one symbol into candles of one interval, trade by trade.
/// </summary>
/// <remarks>
/// <para>A candle's time is its open time. Open is the first trade by trade time, then input order; close the
/// last. Volume is split by taker side into <see cref="Candle.BuyVolume"/> and <see cref="Candle.SellVolume"/>; volumes are
/// summed exactly in decimal units (see <see cref="VolumeSum"/>), so they print as the sum of the sizes the exchange sent;
/// <see cref="Candle.Trades"/> counts trades.</para>
/// <para>A candle is completed when a trade of a later interval arrives (or on <see cref="AdvanceTo"/> /
/// <see cref="Flush"/>); completed candles queue up until taken with <see cref="TryTake"/>. Intervals without
/// trades between two traded ones become flat candles at the previous close (zero volume, zero trades) when the
/// run is at most <see cref="CandleAggregatorOptions.MaxFilledGap"/> long; a longer run is a hole, recorded in
/// <see cref="Gaps"/> and not filled.</para>
/// <para>A trade id seen before at the same time is counted once (the exchanges resend a trade only with its
/// own timestamp, and input is time-ordered, so only the current timestamp's ids are kept). A trade earlier
/// than the one before it, or one that falls into an already completed candle, throws
/// <see cref="ArgumentException"/>. Adding a trade allocates nothing once the internal buffers have grown.</para>
/// <para>The batch form <see cref="Aggregate(ReadOnlySpan{Trade}, CandleAggregatorOptions?)"/> runs this same
/// code, so both give identical candles.</para>
/// </remarks>
public sealed class CandleAggregator
{
    private const int SmallGroup = 16;

    private readonly long _intervalMs;
    private readonly CandleAggregatorOptions _options;
    private readonly Queue<Candle> _completed = new();
    private readonly List<CandleGap> _gaps = [];
    private readonly TradeId[] _idsAtTime = new TradeId[SmallGroup];
    private readonly TradeIdSet _burstIds = new();

    private string? _symbol;
    private long _lastTradeMs = long.MinValue;
    private int _idsAtTimeCount;
    private long _duplicates;

    private bool _forming;
    private long _openMs;
    private long _endMs;
    private double _open;
    private double _high;
    private double _low;
    private double _close;
    private VolumeSum _volume;
    private VolumeSum _sellVolume;
    private int _trades;

    private bool _hasEmitted;
    private long _lastEmittedOpenMs;
    private double _lastClose;

    /// <summary>Creates an aggregator; <paramref name="options"/> default to 1-minute candles and a 60-minute fill limit.</summary>
    public CandleAggregator(CandleAggregatorOptions? options = null)
    {
        options = (options ?? new CandleAggregatorOptions()).Validate();
        Interval = options.Interval;
        _intervalMs = options.Interval.Milliseconds;
        _options = new CandleAggregatorOptions { Interval = options.Interval, MaxFilledGap = options.MaxFilledGap }; // a copy: the caller's may change
    }

    /// <summary>The candle interval.</summary>
    public Interval Interval { get; }

    /// <summary>Number of completed candles waiting to be taken.</summary>
    public int CompletedCount => _completed.Count;

    /// <summary>Holes found so far (runs without trades longer than the fill limit), in time order.</summary>
    public IReadOnlyList<CandleGap> Gaps => _gaps;

    /// <summary>
    /// Raised when a hole is found (when the first trade after it arrives), so a host can log it, e.g.
    /// <c>aggregator.GapFound += gap =&gt; logger.LogWarning("{Symbol}: {Gap}", symbol, gap)</c>. The core has no logger of its own.
    /// </summary>
    public event Action<CandleGap>? GapFound;

    /// <summary>Trades skipped so far because their id had already been seen at the same time.</summary>
    public long Duplicates => _duplicates;

    /// <summary>The candle still forming (not yet completed), or null.</summary>
    public Candle? Forming => _forming ? Current() : null;

    /// <summary>Aggregates <paramref name="trades"/> (time-ordered, one symbol) in one go.</summary>
    /// <remarks>Runs the incremental aggregator over the span and flushes it, so the result is identical to feeding the same trades one by one.</remarks>
    /// <exception cref="ArgumentException">Trades are out of time order, mix symbols, or carry an invalid price or size.</exception>
    public static AggregationResult Aggregate(ReadOnlySpan<Trade> trades, CandleAggregatorOptions? options = null)
    {
        var aggregator = new CandleAggregator(options);
        foreach (ref readonly var trade in trades)
        {
            aggregator.Add(trade);
        }

        aggregator.Flush();
        var candles = new Candle[aggregator.CompletedCount];
        for (var i = 0; i < candles.Length; i++)
        {
            candles[i] = aggregator._completed.Dequeue();
        }

        return new AggregationResult(candles, aggregator._gaps.ToArray(), aggregator._duplicates);
    }

    /// <summary>Adds one trade; returns false when it was a duplicate (same id at the same time) and was skipped.</summary>
    /// <exception cref="ArgumentException">
    /// The trade is earlier than the previous one or than the end of a completed candle, is for another symbol,
    /// or has a price or size that is not a positive finite number.
    /// </exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(in Trade trade)
    {
        var time = trade.TimeMs;
        var price = trade.Price;
        var size = trade.Size;
        if (!(price > 0 && price < double.PositiveInfinity && size > 0 && size < double.PositiveInfinity))
        {
            ThrowInvalid(trade);
        }

        if (!ReferenceEquals(trade.Symbol, _symbol))
        {
            CheckSymbol(trade);
        }

        if (time == _lastTradeMs)
        {
            if (IsDuplicate(trade.Id))
            {
                _duplicates++;
                return false;
            }
        }
        else
        {
            if (time < _lastTradeMs)
            {
                ThrowEarlier(trade, _lastTradeMs);
            }

            _lastTradeMs = time;
            _idsAtTime[0] = trade.Id;
            _idsAtTimeCount = 1;
        }

        if (_forming && time < _endMs)
        {
            if (price > _high)
            {
                _high = price;
            }

            if (price < _low)
            {
                _low = price;
            }

            _close = price;
            _volume.Add(size);

            // branch-free split (the side is a coin toss for the branch predictor): Buy = 1, Sell = 2;
            // adding 0.0 leaves a sum unchanged; the buy volume is the exact difference of the two sums
            _sellVolume.Add(size * ((int)trade.Side - 1));
            _trades++;
            return true;
        }

        StartCandle(trade);
        return true;
    }

    /// <summary>Completes the forming candle if <paramref name="timeMs"/> is at or past its end (e.g. on a clock tick when trades are quiet).</summary>
    /// <remarks>Flat candles for quiet intervals are added when the next trade shows how long the quiet run was, since only then is it known whether the run is a hole.</remarks>
    public void AdvanceTo(long timeMs)
    {
        if (_forming && timeMs >= _endMs)
        {
            Complete();
        }
    }

    /// <summary>Completes the forming candle (end of input). Trades after the flush must still be later than it.</summary>
    public void Flush()
    {
        if (_forming)
        {
            Complete();
        }
    }

    /// <summary>Takes the oldest completed candle; false when none is waiting.</summary>
    public bool TryTake(out Candle candle) => _completed.TryDequeue(out candle);

    /// <summary>True when <paramref name="id"/> was seen at the current time; otherwise remembers it.</summary>
    private bool IsDuplicate(in TradeId id)
    {
        // a few trades share a millisecond: a linear scan beats hashing; bursts switch to the set
        var count = _idsAtTimeCount;
        if (count <= SmallGroup)
        {
            for (var i = 0; i < count; i++)
            {
                if (_idsAtTime[i].Low == id.Low && _idsAtTime[i].High == id.High)
                {
                    return true;
                }
            }

            if (count < SmallGroup)
            {
                _idsAtTime[count] = id;
                _idsAtTimeCount = count + 1;
                return false;
            }

            _burstIds.Clear();
            foreach (var seen in _idsAtTime)
            {
                _burstIds.Add(seen);
            }

            _idsAtTimeCount = SmallGroup + 1;
        }

        return !_burstIds.Add(id);
    }

    [DoesNotReturn]
    private static void ThrowInvalid(in Trade trade) =>
        throw new ArgumentException($"trade {trade.Id} at {WireNames.Time(trade.TimeMs)} has price {trade.Price} and size {trade.Size}; both must be positive finite numbers", nameof(trade));

    [DoesNotReturn]
    private static void ThrowEarlier(in Trade trade, long previousMs) =>
        throw new ArgumentException($"trade {trade.Id} at {WireNames.Time(trade.TimeMs)} is earlier than the previous trade at {WireNames.Time(previousMs)}; trades must arrive in time order", nameof(trade));

    private void CheckSymbol(in Trade trade)
    {
        if (_symbol is null)
        {
            _symbol = trade.Symbol;
        }
        else if (!string.Equals(trade.Symbol, _symbol, StringComparison.Ordinal))
        {
            throw new ArgumentException($"trade {trade.Id} at {WireNames.Time(trade.TimeMs)} is for {trade.Symbol}, this aggregator builds {_symbol} candles", nameof(trade));
        }
        else
        {
            // same text, different instance: remember it so the next trade takes the fast path
            _symbol = trade.Symbol;
        }
    }

    private void StartCandle(in Trade trade)
    {
        var openMs = Interval.Floor(trade.TimeMs);
        if (_forming)
        {
            Complete();
        }

        if (_hasEmitted && openMs < _lastEmittedOpenMs + _intervalMs)
        {
            throw new ArgumentException($"trade {trade.Id} at {WireNames.Time(trade.TimeMs)} falls into the candle at {WireNames.Time(_lastEmittedOpenMs)}, which is already completed", nameof(trade));
        }

        if (_hasEmitted)
        {
            FillQuietRun(openMs);
        }

        _forming = true;
        _openMs = openMs;
        _endMs = openMs + _intervalMs;
        _open = _high = _low = _close = trade.Price;
        _volume.Reset(trade.Size);
        _sellVolume.Reset(trade.Side == TakerSide.Buy ? 0 : trade.Size);
        _trades = 1;
    }

    private void FillQuietRun(long nextOpenMs)
    {
        var firstMissing = _lastEmittedOpenMs + _intervalMs;
        var missingMs = nextOpenMs - firstMissing;
        if (missingMs == 0)
        {
            return;
        }

        if (_options.IsHole(_lastEmittedOpenMs, nextOpenMs))
        {
            var gap = new CandleGap(firstMissing, nextOpenMs);
            _gaps.Add(gap);
            GapFound?.Invoke(gap);
            return;
        }

        for (var t = firstMissing; t < nextOpenMs; t += _intervalMs)
        {
            _completed.Enqueue(Candle.Flat(t, _lastClose));
        }
    }

    private void Complete()
    {
        _completed.Enqueue(Current());
        _forming = false;
        _hasEmitted = true;
        _lastEmittedOpenMs = _openMs;
        _lastClose = _close;
    }

    private Candle Current() => new(_openMs, _open, _high, _low, _close, _volume.Value, _trades, VolumeSum.Difference(_volume, _sellVolume), _sellVolume.Value);
}

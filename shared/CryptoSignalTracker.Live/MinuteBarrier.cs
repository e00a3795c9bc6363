using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The minute barrier of the <see cref="LiveEngine"/> (its synchroniser, no I/O): closed candles are buffered per minute
/// and the earliest minute is released once every symbol's candle for it is in (or the symbol has moved past it), or
/// another symbol is <see cref="LiveEngineOptions.BarrierGraceMinutes"/> further and the minute has waited
/// <see cref="LiveEngineOptions.BarrierWait"/> on the clock it is given.
/// </summary>
internal sealed class MinuteBarrier
{
    private const long MinuteMs = 60_000;

    private readonly IReadOnlyList<string> _symbols;
    private readonly long _graceMs;
    private readonly TimeSpan _wait;
    private readonly TimeProvider _timeProvider;
    private readonly SortedDictionary<long, Dictionary<string, Candle>> _pending = [];
    private readonly Dictionary<long, long> _firstBufferedTicks = [];
    private readonly Dictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    private readonly HashSet<(long MinuteMs, string Symbol)> _corrected = [];
    private long _maxSeen = long.MinValue;

    /// <summary>Creates an empty barrier over <paramref name="symbols"/>.</summary>
    /// <param name="symbols">Every symbol traded.</param>
    /// <param name="graceMinutes">How far another symbol must be ahead before a silent one is left out.</param>
    /// <param name="wait">The least time a minute waits (on <paramref name="timeProvider"/>) for a silent symbol.</param>
    /// <param name="timeProvider">The clock of <paramref name="wait"/>.</param>
    public MinuteBarrier(IReadOnlyList<string> symbols, int graceMinutes, TimeSpan wait, TimeProvider timeProvider)
    {
        _symbols = symbols;
        _graceMs = graceMinutes * MinuteMs;
        _wait = wait;
        _timeProvider = timeProvider;
    }

    /// <summary>How many minutes are buffered.</summary>
    public int Count => _pending.Count;

    /// <summary>
    /// Buffers the candle of <paramref name="symbol"/>. A second one of the same minute replaces the first, except that a
    /// closed candle never replaces a <paramref name="correction"/> (the corrected candle wins whichever event arrives
    /// first), and a correction replaces another only when it holds at least as many trades (a correction only adds
    /// late trades, so the later correction is the fuller one).
    /// </summary>
    public void Add(string symbol, in Candle candle, bool correction = false)
    {
        if (!_pending.TryGetValue(candle.OpenTimeMs, out var minute))
        {
            minute = new Dictionary<string, Candle>(StringComparer.Ordinal);
            _pending.Add(candle.OpenTimeMs, minute);
            _firstBufferedTicks[candle.OpenTimeMs] = _timeProvider.GetTimestamp();
        }

        var key = (candle.OpenTimeMs, symbol);
        if (_corrected.Contains(key) && (!correction || !minute.TryGetValue(symbol, out var held) || !Fuller(candle, held)))
        {
            _lastSeen[symbol] = Math.Max(_lastSeen.GetValueOrDefault(symbol, long.MinValue), candle.OpenTimeMs);
            _maxSeen = Math.Max(_maxSeen, candle.OpenTimeMs);
            return;
        }

        if (correction)
        {
            _corrected.Add(key);
        }

        minute[symbol] = candle;
        _lastSeen[symbol] = Math.Max(_lastSeen.GetValueOrDefault(symbol, long.MinValue), candle.OpenTimeMs);
        _maxSeen = Math.Max(_maxSeen, candle.OpenTimeMs);
    }

    /// <summary>
    /// The earliest buffered minute when it may be decided now (with <paramref name="flush"/>, whatever is missing);
    /// false when nothing is buffered or the earliest minute still waits. The minute stays buffered until
    /// <see cref="Remove"/>.
    /// </summary>
    public bool TryNext(bool flush, out long minuteMs, out Dictionary<string, Candle> candles)
    {
        if (_pending.Count == 0)
        {
            (minuteMs, candles) = (0, null!);
            return false;
        }

        (minuteMs, candles) = _pending.First();
        return flush || Complete(minuteMs, candles) || Waited(minuteMs);
    }

    /// <summary>Forgets a decided minute.</summary>
    public void Remove(long minuteMs)
    {
        _pending.Remove(minuteMs);
        _firstBufferedTicks.Remove(minuteMs);
        _corrected.RemoveWhere(k => k.MinuteMs <= minuteMs);
    }

    /// <summary>Forgets every minute at or before <paramref name="watermarkMs"/> (decided before a rebuild).</summary>
    public void RemoveThrough(long watermarkMs)
    {
        foreach (var decided in _pending.Keys.Where(m => m <= watermarkMs).ToList())
        {
            Remove(decided);
        }
    }

    /// <summary>The earliest buffered minute at or before <paramref name="minuteMs"/> holding a candle of <paramref name="symbol"/>, if any.</summary>
    public long? FirstWith(string symbol, long minuteMs)
    {
        foreach (var (pendingMs, candles) in _pending)
        {
            if (pendingMs > minuteMs)
            {
                break;
            }

            if (candles.ContainsKey(symbol))
            {
                return pendingMs;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="candle"/> holds more trades than <paramref name="held"/> (both counted), else at least its volume.</summary>
    private static bool Fuller(in Candle candle, in Candle held) =>
        candle.Trades >= 0 && held.Trades >= 0 && candle.Trades != held.Trades ? candle.Trades > held.Trades : candle.Volume >= held.Volume;

    private bool Complete(long minuteMs, Dictionary<string, Candle> candles)
    {
        foreach (var symbol in _symbols)
        {
            if (!candles.ContainsKey(symbol) && _lastSeen.GetValueOrDefault(symbol, long.MinValue) <= minuteMs)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A silent symbol: decide without it once another is far enough ahead and the minute has waited long enough.</summary>
    private bool Waited(long minuteMs)
    {
        var waited = _firstBufferedTicks.TryGetValue(minuteMs, out var since) ? _timeProvider.GetElapsedTime(since) : TimeSpan.MaxValue;
        return _maxSeen >= minuteMs + _graceMs && waited >= _wait;
    }
}

using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>
/// One symbol's side of the <see cref="TradeIngestor"/>: its open minutes, the minutes it closed lately (kept for
/// corrections), and its own exchange clock, on which its minutes close (see <see cref="IsDue"/>). Not thread-safe: the
/// ingestor holds its lock around every call.
/// </summary>
internal sealed class SymbolFeed
{
    private const long MinuteMs = 60_000;

    /// <summary>Minutes not closed yet, by open time.</summary>
    public SortedDictionary<long, MinuteState> Minutes { get; } = [];

    /// <summary>Minutes closed within the correction window, by open time (their trade ids and batch counts).</summary>
    public SortedDictionary<long, MinuteState> Closed { get; } = [];

    /// <summary>Open time of the next minute to close.</summary>
    public long NextToClose { get; set; }

    /// <summary>True once the symbol had a trade of its own or a closed minute; before that its start may still move back.</summary>
    public bool Started { get; set; }

    /// <summary>Close of the latest closed minute: the price a quiet minute stays flat at.</summary>
    public double? ClosedPrice { get; set; }

    /// <summary>Time of the symbol's newest trade (its own exchange clock), or <see cref="long.MinValue"/>.</summary>
    public long LastTradeMs { get; private set; } = long.MinValue;

    /// <summary>Local time the symbol last had a trade (or the ingestor started).</summary>
    public long LastActivityLocalMs { get; set; }

    /// <summary>Notes a trade of the symbol arriving at local time <paramref name="localMs"/>.</summary>
    public void Saw(long tradeMs, long localMs)
    {
        LastTradeMs = Math.Max(LastTradeMs, tradeMs);
        LastActivityLocalMs = localMs;
    }

    /// <summary>
    /// True when <paramref name="minute"/> is over for this symbol: its own newest trade is at or past the minute's end
    /// plus <paramref name="grace"/> (Bybit sends a symbol's trades in order, so nothing more of the minute is coming);
    /// or the symbol is quiet: no trade of its own for <paramref name="quiet"/> of local time, and the exchange clock
    /// (<paramref name="exchangeMs"/>, any symbol's newest push) is <paramref name="quiet"/> past the minute's end. A
    /// symbol whose feed runs behind the others keeps receiving trades, so it is never taken for quiet.
    /// </summary>
    public bool IsDue(long minute, long exchangeMs, long localMs, long grace, long quiet)
    {
        var end = minute + MinuteMs;
        return LastTradeMs >= end + grace || (localMs - LastActivityLocalMs >= quiet && exchangeMs >= end + Math.Max(grace, quiet));
    }

    /// <summary>The open minute <paramref name="minute"/>, created when new.</summary>
    public MinuteState Minute(long minute)
    {
        if (!Minutes.TryGetValue(minute, out var state))
        {
            state = new MinuteState();
            Minutes[minute] = state;
        }

        return state;
    }

    /// <summary>Moves <paramref name="minute"/> to the closed minutes and forgets closed minutes older than <paramref name="window"/> before it.</summary>
    public void MarkClosed(long minute, long window)
    {
        if (Minutes.Remove(minute, out var state))
        {
            state.Pending.Clear();
            Closed[minute] = state;
        }

        foreach (var old in Closed.Keys.Where(m => m < minute - window).ToList())
        {
            Closed.Remove(old);
        }
    }

    /// <summary>One minute of the symbol: its trade ids (deduplication), pending trades and published batch count.</summary>
    internal sealed class MinuteState
    {
        public List<Trade> Pending { get; } = [];

        public HashSet<TradeId> Seen { get; } = [];

        public int Published { get; set; }

        /// <summary>Not fully seen by the feed: closed from Bybit's kline (or marked a gap).</summary>
        public bool Incomplete { get; set; }

        public long LastTradeMs { get; set; } = long.MinValue;

        public double? LastPrice { get; set; }
    }
}

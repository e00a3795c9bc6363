using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>What the fake Bybit server replays and how it misbehaves.</summary>
public sealed class FakeBybitScript
{
    /// <summary>Trades pushed one per frame, in this order.</summary>
    public IReadOnlyList<Trade> Trades { get; init; } = [];

    /// <summary>Source candles the kline endpoint serves, per symbol.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Candle>> Klines { get; init; } = new Dictionary<string, IReadOnlyList<Candle>>();

    /// <summary>Misbehaviour of the kline endpoint by request number (1-based, counting every request).</summary>
    public IReadOnlyDictionary<int, FakeKlineFault> KlineFaults { get; init; } = new Dictionary<int, FakeKlineFault>();

    /// <summary>After this many kline requests, drop every further kline connection (a download that cannot finish).</summary>
    public int? KlineDropAfter { get; init; }

    /// <summary>Tick size and quantity step /v5/market/instruments-info lists, per symbol.</summary>
    public IReadOnlyDictionary<string, (string TickSize, string QtyStep)> Instruments { get; init; } = new Dictionary<string, (string, string)>();

    /// <summary>
    /// The <c>i</c> field of a trade (default: the deterministic UUID <see cref="SourceData.IdText"/> gives the synthesized
    /// trades); real trades pass their own exchange id.
    /// </summary>
    public Func<Trade, string>? IdText { get; init; }

    /// <summary>Consecutive trades of one symbol sent in one push, as Bybit batches them (default 1).</summary>
    public int TradesPerFrame { get; init; } = 1;

    /// <summary>Send every trade frame twice.</summary>
    public bool DuplicateFrames { get; init; }

    /// <summary>Close the socket abruptly after this many frames (once), skipping <see cref="MissedOnDrop"/> trades.</summary>
    public int? DropAfterFrame { get; init; }

    /// <summary>Frame numbers (1-based) sent twice, as a feed repeating a push does (the soak's seeded schedule).</summary>
    public IReadOnlySet<int> DuplicateFrameNumbers { get; init; } = new HashSet<int>();

    /// <summary>Close the socket abruptly after each of these frame counts (once each), skipping <see cref="MissedOnDrop"/> trades each time.</summary>
    public IReadOnlySet<int> DropAfterFrames { get; init; } = new HashSet<int>();

    /// <summary>Trades the client never sees because of the drop.</summary>
    public int MissedOnDrop { get; init; }

    /// <summary>Serve /v5/market/recent-trade (the last trades the replay has passed, sent or skipped); false answers retCode 10016.</summary>
    public bool RecentTrades { get; init; } = true;

    /// <summary>
    /// Awaited before each trade frame with the number of frames sent so far: paces the replay (the soak holds the feed
    /// a few minutes ahead of what the pipeline has stored, as real time would).
    /// </summary>
    public Func<int, CancellationToken, Task>? BeforeFrame { get; init; }

    /// <summary>Pause between frames.</summary>
    public TimeSpan FrameDelay { get; init; } = TimeSpan.FromMilliseconds(15);

    /// <summary>After the last trade, a push of an unsubscribed symbol at this time moves the exchange clock on.</summary>
    public long? ClockFrameMs { get; init; }

    /// <summary>Symbols whose subscription is refused with success:false.</summary>
    public IReadOnlySet<string> RejectSymbols { get; init; } = new HashSet<string>();

    /// <summary>After the ack, send nothing and answer no pings (the client's watchdog must reconnect).</summary>
    public bool Silent { get; init; }

    /// <summary>Stop before sending trade frame number N+1 (N sent) until <see cref="FakeBybitServer.Resume"/>; pings are still answered.</summary>
    public int? PauseBeforeFrame { get; init; }

    /// <summary>Send this malformed frame before the trades.</summary>
    public string? MalformedFrame { get; init; }
}

using System.Collections.Concurrent;
using System.Text;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DevCloud;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Google.PubSub;
using CryptoSignalTracker.Live;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// One end-to-end run on the local cloud (<see cref="LocalCloud"/>): the fake Bybit server replaying a
/// <see cref="LocalCloudWindow"/> of <see cref="SourceData"/> (by default the 30-minute MICRO window), optionally after a
/// stored history (candles and the LogicEngine's checkpoint, as a deployment that ran holds them), and the Ingestor, Aggregator and LogicEngine as their own processes fed by
/// the Pub/Sub emulator's push subscriptions, in a fresh project (the emulators of scripts/test.sh are reused when
/// their variables are set). Recorders subscribed before the Ingestor starts keep every <c>candles-1m</c>,
/// <c>trade-signals-micro</c> and <c>macro-bias-updates</c> message.
/// </summary>
public sealed class LocalCloudRun : IAsyncDisposable
{
    /// <summary>
    /// The trading configuration the LogicEngine gets and the backtester runs with: the defaults, macro on. The LogicEngine
    /// decides the macro on the Bybit candles it is fed (and the stored history it rebuilds from), resampled to 5m/4h as
    /// the backtester does (no Kraken here). The 30-minute MICRO window alone is far too short for the 4-hour EMA(20), so
    /// no SWING fires in it; <see cref="LocalCloudWindow.Swing"/> has the history for one.
    /// </summary>
    public const string TradingConfigJson = "{}";

    /// <summary>The 30-minute MICRO window's minutes.</summary>
    public const int Minutes = SourceData.SignalWindowMinutes;

    private static readonly TimeSpan _baseTimeout = TimeSpan.FromSeconds(150);

    /// <summary>A local URL nothing listens on (port 9 on loopback, discard, is closed on these machines).</summary>
    private const string DeadUrl = "http://127.0.0.1:9/";
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private GoogleChannelFactory? _channels;
    private readonly IReadOnlyDictionary<string, string>? _logicEngineEnvironment;
    private bool _checked;
    private PubSubMessageBus? _bus;

    private LocalCloudRun(FakeBybitServer server, LocalCloudWindow window, IReadOnlyDictionary<string, string>? logicEngineEnvironment)
    {
        Server = server;
        Window = window;
        _logicEngineEnvironment = logicEngineEnvironment;
    }

    /// <summary>What is replayed.</summary>
    public LocalCloudWindow Window { get; }

    /// <summary>The fake exchange.</summary>
    public FakeBybitServer Server { get; }

    /// <summary>The local cloud.</summary>
    public LocalCloud Cloud { get; private set; } = null!;

    /// <summary>Every <c>candles-1m</c> event.</summary>
    public ConcurrentQueue<CandleClosed> CandleEvents { get; } = new();

    /// <summary>Every <c>trade-signals-micro</c> payload, as UTF-8 JSON.</summary>
    public ConcurrentQueue<string> SignalMessages { get; } = new();

    /// <summary>Every <c>macro-bias-updates</c> payload, as UTF-8 JSON.</summary>
    public ConcurrentQueue<string> BiasMessages { get; } = new();

    /// <summary>The script replaying <paramref name="window"/>'s trades (default the MICRO window; optionally every frame twice, or dropping the socket after a frame and losing trades).</summary>
    public static FakeBybitScript Script(bool duplicate = false, int? dropAfter = null, int missed = 0, int? pauseBeforeFrame = null, LocalCloudWindow? window = null)
    {
        window ??= LocalCloudWindow.Micro;
        return new()
        {
            PauseBeforeFrame = pauseBeforeFrame,
            Trades = SourceData.Trades(window.StartMs, window.Minutes),
            Klines = window.Candles(),
            DuplicateFrames = duplicate,
            DropAfterFrame = dropAfter,
            MissedOnDrop = missed,
            FrameDelay = TimeSpan.FromMilliseconds(25),
            ClockFrameMs = window.EndMs + 3_000,
        };
    }

    /// <summary>
    /// What the backtester gives on the history and window candles with <see cref="TradingConfigJson"/> and was decided
    /// in the window: every entry as the LogicEngine must publish it (with the symbol's bias at the decision), and every exit except END (a backtest closes what is
    /// open when the data ends; the live engine never does). Keyed by message id (the signal id; <c>exit:</c> + signal id).
    /// </summary>
    public IReadOnlyDictionary<string, string> ExpectedSignalMessages()
    {
        var result = Window.Backtest(TradingConfigReader.Parse(TradingConfigJson));
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var signal in result.Signals.Where(s => s.TimeMs >= Window.StartMs))
        {
            // the entry carries its symbol's bias as the engine held it at the decision (a SWING's is its own)
            var decidedMs = signal.TimeMs + (signal.Kind == SignalKind.Swing ? 5 : 1) * SourceData.MinuteMs;
            var bias = result.Biases.LastOrDefault(b => b.Symbol == signal.Symbol && b.PublishedAtMs <= decidedMs);
            expected[signal.Id] = Encoding.UTF8.GetString(TradeSignalMessageCodec.EncodeEntry(signal, bias));
        }

        foreach (var trade in result.Trades.Where(t => t.Reason != ExitReason.End && t.ExitTimeMs >= Window.StartMs))
        {
            expected["exit:" + trade.SignalId] = Encoding.UTF8.GetString(TradeSignalMessageCodec.EncodeExit(trade));
        }

        return expected;
    }

    /// <summary>The biases the backtester sets in the window (decided at a 5-minute close after its start), as <c>macro-bias-updates</c> carries them, in order.</summary>
    public IReadOnlyList<string> ExpectedBiasMessages() =>
        [.. Window.Backtest(TradingConfigReader.Parse(TradingConfigJson)).Biases
            .Where(b => b.PublishedAtMs > Window.StartMs)
            .Select(b => Encoding.UTF8.GetString(BiasMessageCodec.Encode(b)))];

    /// <summary>The id of a <c>trade-signals-micro</c> message.</summary>
    public static string IdOf(string json)
    {
        var message = TradeSignalMessageCodec.Decode(Encoding.UTF8.GetBytes(json));
        return message.Type == TradeSignalMessageType.Entry ? message.Signal!.Id : "exit:" + message.Trade!.SignalId;
    }

    /// <summary>Starts the fake server and the local cloud with the Ingestor, Aggregator and LogicEngine; the replay starts when the Ingestor subscribes.</summary>
    /// <param name="script">What the fake Bybit replays (made by <see cref="Script"/> for <paramref name="window"/>).</param>
    /// <param name="window">The window (default the MICRO window); its history is stored before the Ingestor starts.</param>
    /// <param name="logicEngineEnvironment">Extra environment of the LogicEngine process.</param>
    /// <param name="privateEmulators">Start emulators of its own (to be frozen by a test) instead of the shared ones.</param>
    public static async Task<LocalCloudRun> StartAsync(FakeBybitScript script, LocalCloudWindow? window = null, IReadOnlyDictionary<string, string>? logicEngineEnvironment = null, bool privateEmulators = false)
    {
        var run = new LocalCloudRun(await FakeBybitServer.StartAsync(script), window ?? LocalCloudWindow.Micro, logicEngineEnvironment);
        var project = $"cst-e2e-{Guid.NewGuid():N}"[..20];
        try
        {
            run.Cloud = await LocalCloud.StartAsync(new DevCloudOptions
            {
                RepositoryRoot = RepositoryRoot(),
                Configuration = Configuration(),
                Functions = ["Ingestor", "Aggregator", "LogicEngine"],
                ProjectId = project,
                Emulators = privateEmulators ? null : EmulatorEndpoints.FromEnvironment(Environment.GetEnvironmentVariable),
                Symbols = SourceData.Symbols,
                BybitUrl = run.Server.WebSocketUrl,
                BybitRestUrl = run.Server.RestUrl,
                TradingConfig = TradingConfigJson,
                LogDirectory = Path.Combine(Path.GetTempPath(), project),
                RequireHealthy = true,
                // Quick redelivery, and never dead-letter a message only because a process was down for a while.
                Delivery = new DeliverySettings { MaxDeliveryAttempts = 100, MinimumBackoff = TimeSpan.FromMilliseconds(100), MaximumBackoff = TimeSpan.FromSeconds(1), AckDeadline = TimeSpan.FromSeconds(30) },
                FunctionEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase)
                {
                    ["Ingestor"] = new Dictionary<string, string>
                    {
                        ["Ingestor__BatchInterval"] = "00:00:00.100",
                        ["Ingestor__BackfillRetryDelay"] = "00:00:00.050",
                        ["Bybit__PingInterval"] = "00:00:00.500",
                        ["Bybit__QuietTimeout"] = "00:00:30", // no watchdog reconnect on a busy machine
                        ["Bybit__InitialBackoff"] = "00:00:00.050",
                        ["Bybit__MaxBackoff"] = "00:00:00.200",
                    },
                    // a candle claimed by a killed Aggregator is taken over after 5 s instead of 2 min
                    ["Aggregator"] = new Dictionary<string, string> { ["Aggregator__StaleClaimAfter"] = "00:00:05" },
                    // no Kraken or CryptoCompare here: a fresh LogicEngine's warm-up is refused at once and journalled as
                    // "none" (the EMA then warms up on the pipeline's candles, as the backtest here does)
                    ["LogicEngine"] = new Dictionary<string, string>(run._logicEngineEnvironment ?? new Dictionary<string, string>())
                    {
                        ["Logic__KrakenUrl"] = DeadUrl,
                        ["Logic__CryptoCompareUrl"] = DeadUrl,
                    },
                },
                BeforeIngestor = run.BeforeIngestorAsync,
            });
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }

        return run;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/> and showing the processes' last output.</summary>
    public async Task WaitForAsync(Func<bool> condition, string what)
    {
        // the feed alone takes ~0.2 s a minute (8 frames, 25 ms apart): longer windows get proportionally longer
        var deadline = DateTime.UtcNow + _baseTimeout + (Window.Minutes * TimeSpan.FromMilliseconds(250));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; {CandleEvents.Count} candle events, {SignalMessages.Count} signal messages so far.\n{Diagnostics()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits for the whole window (one event per candle, every expected signal and bias message), lets late duplicates
    /// arrive, then checks: Bigtable holds exactly the source candles, and the <c>candles-1m</c> events,
    /// <c>trade-signals-micro</c> and <c>macro-bias-updates</c> messages are exactly the stored candles and the
    /// backtester's messages and biases, each once when <paramref name="exactlyOnce"/>. After a crash only byte-identical repeats are allowed: a process killed between
    /// publishing and recording that it published (the Aggregator's claim, the LogicEngine's watermark) publishes again
    /// when the message is redelivered, which consumers drop by id.
    /// </summary>
    public async Task CheckAsync(bool exactlyOnce)
    {
        var expected = ExpectedSignalMessages();
        var expectedBiases = ExpectedBiasMessages();
        Assert.NotEmpty(expected);
        var candles = SourceData.Symbols.Length * Window.Minutes;
        await WaitForAsync(() => CandleEvents.Select(e => e.Key).Distinct().Count() >= candles, $"{candles} candles-1m events");
        await WaitForAsync(() => SignalMessages.Select(IdOf).Distinct().Count() >= expected.Count, $"the {expected.Count} signal messages the backtester gives");
        await WaitForAsync(() => BiasMessages.Distinct().Count() >= expectedBiases.Count, $"the {expectedBiases.Count} bias messages the backtester gives");
        await Task.Delay(1500); // a duplicate or an extra message would arrive here

        var store = new BigtableCandleStore(_channels!, new BigtableCandleStoreOptions { ProjectId = Cloud.ProjectId, InstanceId = CloudTopology.BigtableInstance, TableId = CloudTopology.BigtableTable });
        var stored = new Dictionary<string, IReadOnlyList<Candle>>();
        foreach (var symbol in SourceData.Symbols)
        {
            stored[symbol] = await store.ReadAsync(symbol, Window.StartMs, Window.EndMs);
            PipelineAssert.SameOhlcv(Window.Candles()[symbol], stored[symbol], symbol);
        }

        // The fake's exchange clock stops with its last frame, but the Ingestor (as against the real Bybit) carries the
        // clock on in local time, so a run that lasts past the next minute (a restarted LogicEngine waits for the
        // killed one's lease to expire) closes that quiet minute as a flat candle. Such events are allowed, and must be flat.
        var windowEndMs = Window.EndMs;
        var inWindow = CandleEvents.Where(e => e.Candle.OpenTimeMs < windowEndMs).ToList();
        Assert.All(CandleEvents.Where(e => e.Candle.OpenTimeMs >= windowEndMs), e =>
            Assert.True(e.Candle.Volume == 0 && e.Candle.Open == e.Candle.Close && e.Candle.High == e.Candle.Low && e.Candle.OpenTimeMs < windowEndMs + (2 * SourceData.MinuteMs),
                $"event {e.Key} after the source window is not a flat quiet-minute close: {e.Candle}"));
        if (exactlyOnce)
        {
            PipelineAssert.OneEventPerCandle(inWindow, stored);
        }
        else
        {
            PipelineAssert.EveryCandleHasEqualEvents(inWindow, stored);
        }

        var received = SignalMessages.ToList();
        var byId = received.GroupBy(IdOf).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), byId.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, json) in expected)
        {
            Assert.All(byId[id], m => Assert.Equal(json, m));
            if (exactlyOnce)
            {
                Assert.True(byId[id].Count == 1, $"{id} was published {byId[id].Count} times");
            }
        }

        // Each bias (symbol, side, confidence, decision time) is decided once: the backtester's biases, each once when
        // exactlyOnce; after a crash a minute's bias may come again byte-identical (the topic is unordered, like the others).
        var biases = BiasMessages.ToList();
        Assert.Equal(expectedBiases.Order(StringComparer.Ordinal), biases.Distinct().Order(StringComparer.Ordinal));
        if (exactlyOnce)
        {
            Assert.Equal(expectedBiases.Count, biases.Count);
        }

        _checked = true;
    }

    /// <summary>The Ingestor's status (its HTTP face): connections, duplicates dropped, ...</summary>
    public async Task<System.Text.Json.JsonElement> IngestorStatusAsync()
    {
        using var http = new HttpClient { BaseAddress = Cloud.Function("Ingestor").Url };
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("/", UriKind.Relative)));
        return document.RootElement.Clone();
    }

    /// <summary>The last output of each function process.</summary>
    public string Diagnostics() => string.Join("\n", Cloud.Functions.Select(f => $"--- {f.Name} (running={f.IsRunning}, starts={f.Starts}, log {f.LogPath}):\n{f.Tail()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync();
        }

        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }

        if (Cloud is not null)
        {
            await Cloud.DisposeAsync();
            if (_checked)
            {
                Directory.Delete(Cloud.LogDirectory, recursive: true); // kept when the run failed, for its logs
            }
        }

        _channels?.Dispose();
        await Server.DisposeAsync();
    }

    private static string RepositoryRoot() =>
        DevCloud.RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException($"no CryptoSignalTracker.sln above {AppContext.BaseDirectory}");

    /// <summary>The configuration these tests were built in (bin/CONFIG/net10.0), so the functions of the same build run.</summary>
    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private async Task BeforeIngestorAsync(LocalCloud cloud, CancellationToken cancellationToken)
    {
        await SubscribeRecordersAsync(cloud, cancellationToken);
        await StoreHistoryAsync(cloud, cancellationToken);
    }

    /// <summary>
    /// Puts the window's history where a deployment that decided it holds it: its candles in Bigtable (as the Aggregator
    /// writes them) and the LogicEngine's checkpoint (its first decided minute and its watermark, the history's last
    /// minute) in Firestore. The LogicEngine then rebuilds from the stored candles at its first event, as after any
    /// restart. The window starts with no position open (<see cref="LocalCloudWindow.Swing"/> is chosen so), so the
    /// position book of that history holds nothing the window needs.
    /// </summary>
    private async Task StoreHistoryAsync(LocalCloud cloud, CancellationToken cancellationToken)
    {
        if (Window.HistoryFromMs == Window.StartMs)
        {
            return;
        }

        var candles = new BigtableCandleStore(_channels!, new BigtableCandleStoreOptions { ProjectId = cloud.ProjectId, InstanceId = CloudTopology.BigtableInstance, TableId = CloudTopology.BigtableTable });
        foreach (var (symbol, history) in Window.History())
        {
            await candles.WriteAsync(symbol, history, cancellationToken);
        }

        var state = new FirestoreStateStore(new FirestoreDatabase(_channels!, new FirestoreOptions { ProjectId = cloud.ProjectId }));
        var ms = (long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await state.PutAsync(LiveEngine.StateCollection, LiveEngine.OriginKey, ms(Window.HistoryFromMs), cancellationToken);
        await state.PutAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, ms(Window.StartMs - SourceData.MinuteMs), cancellationToken);
    }

    private async Task SubscribeRecordersAsync(LocalCloud cloud, CancellationToken cancellationToken)
    {
        var emulators = cloud.Emulators.ToEnvironment();
        _channels = new GoogleChannelFactory(new GoogleConnectionSettings { EnvironmentReader = name => emulators.TryGetValue(name, out var host) ? host : null });
        _bus = new PubSubMessageBus(_channels, new PubSubMessageBusOptions { ProjectId = cloud.ProjectId });
        var recorder = new BusSubscription
        {
            Name = "e2e-candles",
            Topic = CloudTopology.CandlesTopic,
            DeadLetterTopic = CloudTopology.DeadLetterTopicOf(CloudTopology.CandlesTopic),
            MaxDeliveryAttempts = 100,
            MinimumBackoff = TimeSpan.FromMilliseconds(100),
            MaximumBackoff = TimeSpan.FromSeconds(1),
            EnableMessageOrdering = false,
        };
        await _bus.EnsureSubscriptionAsync(recorder, cancellationToken);
        await _bus.EnsureSubscriptionAsync(recorder with { Name = "e2e-signals", Topic = CloudTopology.SignalsTopic, DeadLetterTopic = CloudTopology.DeadLetterTopicOf(CloudTopology.SignalsTopic) }, cancellationToken);
        // the bias topic has no dead-letter topic of its own; the recorder never refuses a message
        await _bus.EnsureSubscriptionAsync(recorder with { Name = "e2e-biases", Topic = CloudTopology.MacroBiasTopic, DeadLetterTopic = CloudTopology.DeadLetterTopicOf(CloudTopology.SignalsTopic) }, cancellationToken);
        _subscriptions.Add(await _bus.SubscribeAsync("e2e-candles", (m, _) =>
        {
            CandleEvents.Enqueue(RawTickMessageCodec.DecodeCandle(m.Data));
            return Task.CompletedTask;
        }, cancellationToken));
        _subscriptions.Add(await _bus.SubscribeAsync("e2e-signals", (m, _) =>
        {
            SignalMessages.Enqueue(Encoding.UTF8.GetString(m.Data.Span));
            return Task.CompletedTask;
        }, cancellationToken));
        _subscriptions.Add(await _bus.SubscribeAsync("e2e-biases", (m, _) =>
        {
            BiasMessages.Enqueue(Encoding.UTF8.GetString(m.Data.Span));
            return Task.CompletedTask;
        }, cancellationToken));
    }
}

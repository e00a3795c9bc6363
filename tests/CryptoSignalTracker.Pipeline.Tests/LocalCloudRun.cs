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
using CryptoSignalTracker.Google.PubSub;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// One end-to-end run on the local cloud (<see cref="LocalCloud"/>): the fake Bybit server replaying
/// <see cref="SourceData"/>'s signal window, and the Ingestor, Aggregator and LogicEngine as their own processes fed by
/// the Pub/Sub emulator's push subscriptions, in a fresh project (the emulators of scripts/test.sh are reused when
/// their variables are set). Recorders subscribed before the Ingestor starts keep every <c>candles-1m</c> and
/// <c>trade-signals-micro</c> message.
/// </summary>
public sealed class LocalCloudRun : IAsyncDisposable
{
    /// <summary>
    /// The trading configuration the LogicEngine gets and the backtester runs with: the defaults, macro on. The LogicEngine
    /// decides the macro on the Bybit candles it is fed, resampled to 5m/4h as the backtester does (no Kraken here); the
    /// 30-minute window is far too short for the 4-hour EMA(20) to warm up, so no SWING fires in it (the 100-hour
    /// <c>cst run</c> test and <c>LiveEngineBybitMacroTests</c> cover SWINGs and biases).
    /// </summary>
    public const string TradingConfigJson = "{}";

    /// <summary>The replayed window's minutes.</summary>
    public const int Minutes = SourceData.SignalWindowMinutes;

    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(150);
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private GoogleChannelFactory? _channels;
    private bool _checked;
    private PubSubMessageBus? _bus;

    private LocalCloudRun(FakeBybitServer server) => Server = server;

    /// <summary>The fake exchange.</summary>
    public FakeBybitServer Server { get; }

    /// <summary>The local cloud.</summary>
    public LocalCloud Cloud { get; private set; } = null!;

    /// <summary>Every <c>candles-1m</c> event.</summary>
    public ConcurrentQueue<CandleClosed> CandleEvents { get; } = new();

    /// <summary>Every <c>trade-signals-micro</c> payload, as UTF-8 JSON.</summary>
    public ConcurrentQueue<string> SignalMessages { get; } = new();

    /// <summary>The candles of the window, per symbol.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Candle>> SourceCandles { get; } =
        SourceData.Symbols.ToDictionary(s => s, s => SourceData.Candles(s, SourceData.SignalWindowStartMs, Minutes));

    /// <summary>The script replaying the window's trades (optionally every frame twice, or dropping the socket after a frame and losing trades).</summary>
    public static FakeBybitScript Script(bool duplicate = false, int? dropAfter = null, int missed = 0, int? pauseBeforeFrame = null) => new()
    {
        PauseBeforeFrame = pauseBeforeFrame,
        Trades = SourceData.Trades(SourceData.SignalWindowStartMs, Minutes),
        Klines = SourceCandles,
        DuplicateFrames = duplicate,
        DropAfterFrame = dropAfter,
        MissedOnDrop = missed,
        FrameDelay = TimeSpan.FromMilliseconds(25),
        ClockFrameMs = SourceData.SignalWindowStartMs + (Minutes * SourceData.MinuteMs) + 3_000,
    };

    /// <summary>
    /// What the backtester gives on the window's candles with <see cref="TradingConfigJson"/>: every entry as the
    /// LogicEngine must publish it, and every exit except END (a backtest closes what is open when the data ends; the
    /// live engine never does). Keyed by message id (the signal id; <c>exit:</c> + signal id).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ExpectedSignalMessages()
    {
        var result = Backtester.Run([.. SourceCandles.Select(kv => new SymbolSeries(kv.Key, kv.Value))], TradingConfigReader.Parse(TradingConfigJson));
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var signal in result.Signals)
        {
            expected[signal.Id] = Encoding.UTF8.GetString(TradeSignalMessageCodec.EncodeEntry(signal, null));
        }

        foreach (var trade in result.Trades.Where(t => t.Reason != ExitReason.End))
        {
            expected["exit:" + trade.SignalId] = Encoding.UTF8.GetString(TradeSignalMessageCodec.EncodeExit(trade));
        }

        return expected;
    }

    /// <summary>The id of a <c>trade-signals-micro</c> message.</summary>
    public static string IdOf(string json)
    {
        var message = TradeSignalMessageCodec.Decode(Encoding.UTF8.GetBytes(json));
        return message.Type == TradeSignalMessageType.Entry ? message.Signal!.Id : "exit:" + message.Trade!.SignalId;
    }

    /// <summary>Starts the fake server and the local cloud with the Ingestor, Aggregator and LogicEngine; the replay starts when the Ingestor subscribes.</summary>
    public static async Task<LocalCloudRun> StartAsync(FakeBybitScript script)
    {
        var run = new LocalCloudRun(await FakeBybitServer.StartAsync(script));
        var project = $"cst-e2e-{Guid.NewGuid():N}"[..20];
        try
        {
            run.Cloud = await LocalCloud.StartAsync(new DevCloudOptions
            {
                RepositoryRoot = RepositoryRoot(),
                Configuration = Configuration(),
                Functions = ["Ingestor", "Aggregator", "LogicEngine"],
                ProjectId = project,
                Emulators = EmulatorEndpoints.FromEnvironment(Environment.GetEnvironmentVariable),
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
                },
                BeforeIngestor = run.SubscribeRecordersAsync,
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
        var deadline = DateTime.UtcNow + _timeout;
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
    /// Waits for the whole window (one event per candle, every expected signal message), lets late duplicates arrive,
    /// then checks: Bigtable holds exactly the source candles, and the <c>candles-1m</c> events and
    /// <c>trade-signals-micro</c> messages are exactly the stored candles and the backtester's messages, each once when
    /// <paramref name="exactlyOnce"/>. After a crash only byte-identical repeats are allowed: a process killed between
    /// publishing and recording that it published (the Aggregator's claim, the LogicEngine's watermark) publishes again
    /// when the message is redelivered, which consumers drop by id.
    /// </summary>
    public async Task CheckAsync(bool exactlyOnce)
    {
        var expected = ExpectedSignalMessages();
        Assert.NotEmpty(expected);
        var candles = SourceData.Symbols.Length * Minutes;
        await WaitForAsync(() => CandleEvents.Select(e => e.Key).Distinct().Count() >= candles, $"{candles} candles-1m events");
        await WaitForAsync(() => SignalMessages.Select(IdOf).Distinct().Count() >= expected.Count, $"the {expected.Count} signal messages the backtester gives");
        await Task.Delay(1500); // a duplicate or an extra message would arrive here

        var store = new BigtableCandleStore(_channels!, new BigtableCandleStoreOptions { ProjectId = Cloud.ProjectId, InstanceId = CloudTopology.BigtableInstance, TableId = CloudTopology.BigtableTable });
        var stored = new Dictionary<string, IReadOnlyList<Candle>>();
        foreach (var symbol in SourceData.Symbols)
        {
            stored[symbol] = await store.ReadAsync(symbol, SourceData.SignalWindowStartMs, SourceData.SignalWindowStartMs + (Minutes * SourceData.MinuteMs));
            PipelineAssert.SameOhlcv(SourceCandles[symbol], stored[symbol], symbol);
        }

        // The fake's exchange clock stops with its last frame, but the Ingestor (as against the real Bybit) carries the
        // clock on in local time, so a run that lasts past the next minute (a restarted LogicEngine waits for the
        // killed one's lease to expire) closes that quiet minute as a flat candle. Such events are allowed, and must be flat.
        var windowEndMs = SourceData.SignalWindowStartMs + (Minutes * SourceData.MinuteMs);
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
    }
}

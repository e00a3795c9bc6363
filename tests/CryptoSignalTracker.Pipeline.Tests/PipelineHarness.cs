using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Aggregator;
using CryptoSignalTracker.Functions.Ingestor;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Google.PubSub;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// One backend (embedded: in-process bus + SQLite; or the Pub/Sub, Bigtable and Firestore emulators, in a project
/// of its own) with the Aggregator subscribed to raw-tick-data-bybit, a recorder of every raw message, and a
/// collector of every candles-1m event.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private readonly List<IDisposable> _disposables = [];
    private readonly string? _sqlitePath;

    private PipelineHarness(IMessageBus bus, ICandleStore candles, IStateStore state, string? sqlitePath)
    {
        Bus = bus;
        Candles = candles;
        State = state;
        _sqlitePath = sqlitePath;
    }

    public IMessageBus Bus { get; }

    public ICandleStore Candles { get; }

    public IStateStore State { get; }

    public ConcurrentQueue<CandleClosed> Events { get; } = new();

    public ConcurrentQueue<ReceivedBusMessage> RawMessages { get; } = new();

    public static async Task<PipelineHarness> EmbeddedAsync(bool withAggregator = true)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cst-pipeline-{Guid.NewGuid():N}.db");
        var db = new SqliteDatabase(path);
        var harness = new PipelineHarness(new InProcessMessageBus(), new SqliteCandleStore(db), new SqliteStateStore(db), path);
        await harness.WireAsync(withAggregator);
        return harness;
    }

    public static async Task<PipelineHarness> EmulatorsAsync(bool withAggregator = true)
    {
        var project = $"cst-pipe-{Guid.NewGuid():N}"[..20];
        var channels = new GoogleChannelFactory();
        if (!channels.UsesEmulator(GoogleServiceEndpoint.PubSub) || !channels.UsesEmulator(GoogleServiceEndpoint.Bigtable) || !channels.UsesEmulator(GoogleServiceEndpoint.Firestore))
        {
            throw new InvalidOperationException("PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST and FIRESTORE_EMULATOR_HOST must be set (scripts/test.sh starts the emulators)");
        }

        var tableOptions = new BigtableCandleStoreOptions { ProjectId = project, InstanceId = "pipeline", TableId = "market-data-1m" };
        await new BigtableTableManager(channels, tableOptions).CreateIfAbsentAsync();
        var bus = new PubSubMessageBus(channels, new PubSubMessageBusOptions { ProjectId = project });
        var firestore = new FirestoreDatabase(channels, new FirestoreOptions { ProjectId = project });
        var harness = new PipelineHarness(bus, new BigtableCandleStore(channels, tableOptions), new FirestoreStateStore(firestore), null);
        harness._disposables.Add(channels);
        harness._subscriptions.Add(bus);
        await harness.WireAsync(withAggregator);
        return harness;
    }

    private async Task WireAsync(bool withAggregator)
    {
        var ct = CancellationToken.None;
        foreach (var topic in new[] { PipelineTopics.RawTicks, PipelineTopics.RawTicksDeadLetter, PipelineTopics.Candles, PipelineTopics.Candles + "-dead-letter" })
        {
            await Bus.EnsureTopicAsync(topic, ct);
        }

        var fast = new BusSubscription { Name = "x", Topic = PipelineTopics.RawTicks, DeadLetterTopic = PipelineTopics.RawTicksDeadLetter, MaxDeliveryAttempts = 100, MinimumBackoff = TimeSpan.FromMilliseconds(100), MaximumBackoff = TimeSpan.FromSeconds(1) };
        await Bus.EnsureSubscriptionAsync(fast with { Name = "recorder" }, ct);
        await Bus.EnsureSubscriptionAsync(fast with { Name = "collector", Topic = PipelineTopics.Candles, DeadLetterTopic = PipelineTopics.Candles + "-dead-letter", EnableMessageOrdering = false }, ct);
        _subscriptions.Insert(0, await Bus.SubscribeAsync("recorder", (m, _) =>
        {
            RawMessages.Enqueue(m);
            return Task.CompletedTask;
        }, ct));
        _subscriptions.Insert(0, await Bus.SubscribeAsync("collector", (m, _) =>
        {
            Events.Enqueue(RawTickMessageCodec.DecodeCandle(m.Data));
            return Task.CompletedTask;
        }, ct));
        if (withAggregator)
        {
            await Bus.EnsureSubscriptionAsync(fast with { Name = "aggregator" }, ct);
            var assembler = NewAssembler();
            _subscriptions.Insert(0, await Bus.SubscribeAsync("aggregator", (m, token) => assembler.HandleAsync(m.Data, token), ct));
        }
    }

    public CandleAssembler NewAssembler() => new(Candles, State, Bus);

    /// <summary>Runs an Ingestor against <paramref name="server"/> until <paramref name="until"/> holds (or the timeout), then stops it.</summary>
    public async Task<TradeIngestor> RunIngestorAsync(FakeBybitServer server, Func<bool> until, TimeSpan timeout, IReadOnlyList<string>? symbols = null, IngestorOptions? options = null)
    {
        symbols ??= SourceData.Symbols;
        var stream = new BybitPublicTradeStream(new BybitStreamOptions
        {
            Url = server.WebSocketUrl.ToString(),
            RestUrl = server.RestUrl.ToString(),
            Symbols = [.. symbols],
            PingInterval = TimeSpan.FromMilliseconds(200),
            QuietTimeout = TimeSpan.FromSeconds(3),
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        });
        using var http = new HttpClient();
        var ingestor = new TradeIngestor(symbols, Bus, new BybitRestClient(http, server.RestUrl),
            options ?? new IngestorOptions { BatchInterval = TimeSpan.FromMilliseconds(20), BackfillRetryDelay = TimeSpan.FromMilliseconds(50) });
        using var cts = new CancellationTokenSource();
        var streaming = stream.RunAsync(ingestor, cts.Token);
        var deadline = DateTime.UtcNow + timeout;
        while (!until() && DateTime.UtcNow < deadline && !streaming.IsCompleted)
        {
            await ingestor.FlushAsync(final: false, CancellationToken.None);
            await Task.Delay(20);
        }

        await cts.CancelAsync();
        await streaming;
        await ingestor.FlushAsync(final: true, CancellationToken.None);
        return ingestor;
    }

    /// <summary>The candles the store holds for <paramref name="symbol"/> over the replay window.</summary>
    public Task<IReadOnlyList<Candle>> StoredAsync(string symbol, int minutes) =>
        Candles.ReadAsync(symbol, SourceData.StartMs, SourceData.StartMs + (minutes * SourceData.MinuteMs));

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _subscriptions)
        {
            await s.DisposeAsync();
        }

        if (Bus is IAsyncDisposable bus && !_subscriptions.Contains(bus))
        {
            await bus.DisposeAsync();
        }

        _disposables.ForEach(d => d.Dispose());
        if (_sqlitePath is not null)
        {
            SqliteDatabase.ClearPools();
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_sqlitePath)!, Path.GetFileName(_sqlitePath) + "*"))
            {
                File.Delete(file);
            }
        }
    }
}

using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Aggregator;
using CryptoSignalTracker.Functions.LogicEngine;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>
/// The whole pipeline in one process, on the embedded backend (in-process bus, SQLite) or on Google Cloud (real or
/// emulated): topics and subscriptions as Terraform makes them, the Aggregator's <see cref="CandleAssembler"/> on
/// <c>raw-tick-data-bybit</c>, the LogicEngine's <see cref="LiveEngine"/> on <c>candles-1m</c>, ENTRY/EXIT messages
/// on <c>trade-signals-micro</c>. The same classes the Cloud Run functions host.
/// </summary>
internal sealed class LocalPipeline : IAsyncDisposable
{
    public const string AggregatorSubscription = "cst-run-aggregator";
    public const string LogicSubscription = "cst-run-logic-engine";

    private readonly ServiceProvider _services;
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<string, long> _published = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _settled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StageHeartbeatRecorder> _stages = new(StringComparer.Ordinal);
    private readonly TimeSpan _heartbeatEvery;
    private readonly ILogger _logger;

    private LocalPipeline(ServiceProvider services, LeasedLiveEngine engine, IConfiguration configuration, TimeSpan heartbeatEvery, ILogger logger)
    {
        _services = services;
        Engine = engine;
        Configuration = configuration;
        _heartbeatEvery = heartbeatEvery;
        _logger = logger;
    }

    /// <summary>
    /// The health recorder of <paramref name="stage"/> (<see cref="PipelineStages"/>), writing to the backend's state store
    /// at most once per the pipeline's heartbeat interval; <paramref name="note"/> says what stands in for the stage.
    /// </summary>
    public StageHeartbeatRecorder Stage(string stage, string? note = null)
    {
        var recorder = _stages.GetOrAdd(stage, name => new StageHeartbeatRecorder(
            name, new StageHealthStore(Port<IStateStore>()), TimeProvider.System,
            e => _logger.LogWarning("{Stage} heartbeat not written (the stage goes on): {Message}", name, e.Message),
            _heartbeatEvery, note, PipelineStages.RejectedTotal(name)));
        if (note is not null)
        {
            recorder.Note = note;
        }

        return recorder;
    }

    /// <summary>The backend's configuration (for the other stages run beside it).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The decision loop, deciding only while it holds the LogicEngine's single-writer lease (taken at start).</summary>
    public LeasedLiveEngine Engine { get; }

    /// <summary>The backend's bus (counting what is published, so a replay knows when everything is through).</summary>
    public IMessageBus Bus => _services.GetRequiredService<IMessageBus>();

    /// <summary>A port of the backend.</summary>
    public T Port<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>
    /// Builds the backend from <paramref name="configuration"/> (CST_BACKEND, CST_SQLITE_PATH, GOOGLE_CLOUD_PROJECT,
    /// emulator hosts) and starts the Aggregator and the LogicEngine on it; <paramref name="macroHistory"/> warms a new
    /// database's 4-hour EMA up (live only; a replay has none).
    /// </summary>
    public static async Task<LocalPipeline> StartAsync(
        IConfiguration configuration,
        TradingConfig trading,
        LiveEngineOptions options,
        Func<TradeSignalMessage, CancellationToken, Task> published,
        ILoggerFactory loggers,
        CancellationToken cancellationToken,
        IMacroHistorySource? macroHistory = null,
        WriterLeaseOptions? lease = null,
        TimeSpan? heartbeatEvery = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddPipelineBackend(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            await GoogleResourceCheck.RunAsync(provider, loggers.CreateLogger<LocalPipeline>(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // The same single-writer lease as the LogicEngine function (Logic:Lease, live; the defaults in a replay): a second cst run, or a
        // LogicEngine, on the same store is refused at start instead of deciding the same minutes beside this one.
        // The alerts are the Notifier's work here (printed, or sent by the local bot): each one sent is its event.
        LocalPipeline? wired = null;
        async Task Notify(TradeSignalMessage message, CancellationToken ct)
        {
            await published(message, ct).ConfigureAwait(false);
            wired?.Stage(PipelineStages.Notifier).Event(message.Type == TradeSignalMessageType.Entry ? message.Signal!.TimeMs : message.Trade!.ExitTimeMs);
        }

        var engine = LiveEngineWiring.Create(provider, trading, options, lease ?? new WriterLeaseOptions(), macroHistory, Notify);
        var pipeline = new LocalPipeline(provider, engine, configuration, heartbeatEvery ?? StageHeartbeatRecorder.DefaultInterval, loggers.CreateLogger<LocalPipeline>());
        wired = pipeline;
        try
        {
            try
            {
                await engine.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseNotHeldException e)
            {
                throw new CliException($"another LogicEngine (a cst run or the LogicEngine function) is deciding on this store: {e.Message}", 2);
            }

            await pipeline.WireAsync(loggers, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return pipeline;
    }

    /// <summary>Publishes on <paramref name="topic"/> and counts it (see <see cref="WaitSettledAsync"/>).</summary>
    public Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        _published.AddOrUpdate(topic, 1, (_, n) => n + 1);
        return Bus.PublishAsync(topic, message, cancellationToken);
    }

    /// <summary>Waits until every message counted on <paramref name="topic"/> was handled or dead-lettered.</summary>
    public async Task WaitSettledAsync(string topic, CancellationToken cancellationToken)
    {
        while (_settled.GetValueOrDefault(topic) < _published.GetValueOrDefault(topic))
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A bus that counts what the Ingestor publishes, for replays.</summary>
    public IMessageBus CountingBus() => new Counting(this);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        // The stages' last counts, before the store closes (a replay's records end exact).
        foreach (var stage in _stages.Values)
        {
            await stage.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        try
        {
            await Engine.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreException)
        {
            // the lease then runs out on its own (Logic:Lease:Duration)
        }

        await _services.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WireAsync(ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // The backend's background work (on the embedded backend: the hourly SQLite pruning pass).
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        var bus = Bus;
        foreach (var topic in new[]
        {
            PipelineTopics.RawTicks, PipelineTopics.RawTicksDeadLetter, PipelineTopics.Candles, PipelineTopics.Candles + "-dead-letter",
            TradeSignalMessageCodec.Topic, TradeSignalMessageCodec.Topic + "-dead-letter", BiasMessageCodec.Topic,
        })
        {
            await bus.EnsureTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        }

        await bus.EnsureSubscriptionAsync(
            new BusSubscription { Name = AggregatorSubscription, Topic = PipelineTopics.RawTicks, DeadLetterTopic = PipelineTopics.RawTicksDeadLetter }, cancellationToken).ConfigureAwait(false);
        await bus.EnsureSubscriptionAsync(
            new BusSubscription { Name = LogicSubscription, Topic = PipelineTopics.Candles, DeadLetterTopic = PipelineTopics.Candles + "-dead-letter" }, cancellationToken).ConfigureAwait(false);
        await bus.EnsureSubscriptionAsync(
            new BusSubscription { Name = AggregatorSubscription + "-dead", Topic = PipelineTopics.RawTicksDeadLetter, DeadLetterTopic = TradeSignalMessageCodec.Topic + "-dead-letter" }, cancellationToken).ConfigureAwait(false);
        await bus.EnsureSubscriptionAsync(
            new BusSubscription { Name = LogicSubscription + "-dead", Topic = PipelineTopics.Candles + "-dead-letter", DeadLetterTopic = TradeSignalMessageCodec.Topic + "-dead-letter" }, cancellationToken).ConfigureAwait(false);

        var assembler = new CandleAssembler(
            Port<ICandleStore>(), Port<IStateStore>(), new Counting(this), null, TimeProvider.System, loggers.CreateLogger<CandleAssembler>());
        var logger = loggers.CreateLogger<LocalPipeline>();
        var aggregatorHealth = Stage(PipelineStages.Aggregator);
        var logicHealth = Stage(PipelineStages.LogicEngine);
        _subscriptions.Add(await bus.SubscribeAsync(AggregatorSubscription, async (m, ct) =>
        {
            await assembler.HandleAsync(m.Data, ct).ConfigureAwait(false);
            aggregatorHealth.Event(StageHeartbeatBus.BatchMinute(m.Data));
            Settle(PipelineTopics.RawTicks);
        }, cancellationToken).ConfigureAwait(false));
        _subscriptions.Add(await bus.SubscribeAsync(LogicSubscription, async (m, ct) =>
        {
            var closed = RawTickMessageCodec.DecodeCandle(m.Data);
            await Engine.RouteAsync(closed.Symbol, closed.Candle, closed.Forming, closed.Correction, logger, ct).ConfigureAwait(false);
            logicHealth.Event(closed.Forming ? null : closed.Candle.OpenTimeMs + 60_000, closed.Correction);
            Settle(PipelineTopics.Candles);
        }, cancellationToken).ConfigureAwait(false));

        // A dead-lettered message is settled too (and said): a replay must not wait for it forever.
        foreach (var (subscription, topic, stage) in new[]
        {
            (AggregatorSubscription + "-dead", PipelineTopics.RawTicks, aggregatorHealth), (LogicSubscription + "-dead", PipelineTopics.Candles, logicHealth),
        })
        {
            _subscriptions.Add(await bus.SubscribeAsync(subscription, (m, _) =>
            {
                logger.LogError("A {Topic} message was dead-lettered: {Reason}", topic, m.Attributes.GetValueOrDefault(DeadLetterAttributes.Reason, "(no reason)"));
                stage.DeadLetter();
                Settle(topic);
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false));
        }
    }

    private void Settle(string topic) => _settled.AddOrUpdate(topic, 1, (_, n) => n + 1);

    /// <summary>The backend's bus, counting publishes per topic.</summary>
    private sealed class Counting(LocalPipeline pipeline) : IMessageBus
    {
        public Task EnsureTopicAsync(string topic, CancellationToken cancellationToken) => pipeline.Bus.EnsureTopicAsync(topic, cancellationToken);

        public Task EnsureSubscriptionAsync(BusSubscription subscription, CancellationToken cancellationToken) => pipeline.Bus.EnsureSubscriptionAsync(subscription, cancellationToken);

        /// <summary>
        /// Closed candles travel in order per symbol here (ordering key = symbol; the cloud subscription is unordered and
        /// the LogicEngine's barrier copes with that in real time, but a fast replay through the live path outruns it).
        /// The key is this bus's own, so a failed candle publish resumes it here: the Aggregator's message is redelivered
        /// and the candle published again, one message at a time per symbol, so nothing newer on the key comes first.
        /// </summary>
        public async Task<string> PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
        {
            var keyed = topic == PipelineTopics.Candles && message.OrderingKey.Length == 0 && message.Attributes.TryGetValue(PipelineTopics.SymbolAttribute, out var symbol)
                ? new BusMessage(message.Data, message.Attributes, symbol)
                : message;
            try
            {
                var id = await pipeline.PublishAsync(topic, keyed, cancellationToken).ConfigureAwait(false);
                StageHeartbeatBus.Record(topic, message, name => pipeline.Stage(name));
                return id;
            }
            catch when (!ReferenceEquals(keyed, message))
            {
                ResumePublish(topic, keyed.OrderingKey);
                throw;
            }
        }

        public void ResumePublish(string topic, string orderingKey) => pipeline.Bus.ResumePublish(topic, orderingKey);

        public Task<IAsyncDisposable> SubscribeAsync(string subscription, Func<ReceivedBusMessage, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
            pipeline.Bus.SubscribeAsync(subscription, handler, cancellationToken);
    }
}

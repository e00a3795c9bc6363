using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DevCloud;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.PubSub;
using Cloud = CryptoSignalTracker.DevCloud.LocalCloud;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// Pull subscribers of its own on <c>candles-1m</c> and <c>trade-signals-micro</c> (StreamingPull through
/// <see cref="PubSubMessageBus"/> against the emulator), created before the Ingestor starts. Keeps, per candle and per
/// signal message, when it was first seen here and when Pub/Sub accepted it (the emulator's publish time).
/// </summary>
public sealed class LatencyRecorder : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private GoogleChannelFactory? _channels;
    private PubSubMessageBus? _bus;

    /// <summary>First sighting of each candle event, keyed by (symbol, open time ms).</summary>
    public ConcurrentDictionary<(string Symbol, long OpenMs), Sighting> Candles { get; } = new();

    /// <summary>First sighting of each minute-closed marker on <c>raw-tick-data-bybit</c>, keyed by (symbol, minute ms): when the Ingestor published it.</summary>
    public ConcurrentDictionary<(string Symbol, long OpenMs), Sighting> Markers { get; } = new();

    /// <summary>First sighting of each ENTRY message, keyed by signal id; <see cref="Sighting.MinuteMs"/> is the decided minute.</summary>
    public ConcurrentDictionary<string, Sighting> Entries { get; } = new();

    /// <summary>First sighting of each EXIT message, keyed by signal id; <see cref="Sighting.MinuteMs"/> is the exit candle's minute.</summary>
    public ConcurrentDictionary<string, Sighting> Exits { get; } = new();

    /// <summary>Messages received in all (repeats included).</summary>
    public int Received => _received;

    private int _received;

    /// <summary>Creates the subscriptions and starts pulling; pass as <see cref="DevCloudOptions.BeforeIngestor"/>.</summary>
    public async Task SubscribeAsync(Cloud cloud, CancellationToken cancellationToken)
    {
        var emulators = cloud.Emulators.ToEnvironment();
        _channels = new GoogleChannelFactory(new GoogleConnectionSettings { EnvironmentReader = name => emulators.TryGetValue(name, out var host) ? host : null });
        _bus = new PubSubMessageBus(_channels, new PubSubMessageBusOptions { ProjectId = cloud.ProjectId });
        var candles = new BusSubscription
        {
            Name = "latency-candles",
            Topic = CloudTopology.CandlesTopic,
            DeadLetterTopic = CloudTopology.DeadLetterTopicOf(CloudTopology.CandlesTopic),
            EnableMessageOrdering = false,
        };
        var signals = candles with { Name = "latency-signals", Topic = CloudTopology.SignalsTopic, DeadLetterTopic = CloudTopology.DeadLetterTopicOf(CloudTopology.SignalsTopic) };
        var raw = candles with { Name = "latency-raw", Topic = CloudTopology.RawTicksTopic, DeadLetterTopic = CloudTopology.DeadLetterTopicOf(CloudTopology.RawTicksTopic) };
        await _bus.EnsureSubscriptionAsync(raw, cancellationToken);
        await _bus.EnsureSubscriptionAsync(candles, cancellationToken);
        await _bus.EnsureSubscriptionAsync(signals, cancellationToken);
        _subscriptions.Add(await _bus.SubscribeAsync(raw.Name, (m, _) =>
        {
            var seen = DateTime.UtcNow;
            if (RawTickMessageCodec.Decode(m.Data) is MinuteClosed marker)
            {
                Markers.TryAdd((marker.Symbol, marker.MinuteMs), new Sighting(marker.MinuteMs, seen, m.PublishTime.UtcDateTime));
            }

            return Task.CompletedTask;
        }, cancellationToken));
        _subscriptions.Add(await _bus.SubscribeAsync(candles.Name, (m, _) =>
        {
            var seen = DateTime.UtcNow;
            Interlocked.Increment(ref _received);
            var closed = RawTickMessageCodec.DecodeCandle(m.Data);
            Candles.TryAdd((closed.Symbol, closed.Candle.OpenTimeMs), new Sighting(closed.Candle.OpenTimeMs, seen, m.PublishTime.UtcDateTime));
            return Task.CompletedTask;
        }, cancellationToken));
        _subscriptions.Add(await _bus.SubscribeAsync(signals.Name, (m, _) =>
        {
            var seen = DateTime.UtcNow;
            Interlocked.Increment(ref _received);
            var message = TradeSignalMessageCodec.Decode(m.Data);
            if (message.Type == TradeSignalMessageType.Entry)
            {
                Entries.TryAdd(message.Signal!.Id, new Sighting(message.Signal.TimeMs, seen, m.PublishTime.UtcDateTime));
            }
            else
            {
                Exits.TryAdd(message.Trade!.SignalId, new Sighting(message.Trade.ExitTimeMs, seen, m.PublishTime.UtcDateTime));
            }

            return Task.CompletedTask;
        }, cancellationToken));
    }

    /// <summary>Stops pulling.</summary>
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

        _channels?.Dispose();
    }
}

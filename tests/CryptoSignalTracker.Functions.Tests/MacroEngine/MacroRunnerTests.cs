using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Exchanges.CryptoCompare;
using CryptoSignalTracker.Exchanges.Kraken;
using CryptoSignalTracker.Exchanges.Macro;
using CryptoSignalTracker.Exchanges.Tests.CryptoCompare;
using CryptoSignalTracker.Exchanges.Tests.Kraken;
using CryptoSignalTracker.Functions.MacroEngine;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Functions.Tests.MacroEngine;

/// <summary>The runner between its steps: a store or the bus failing after the bias was stored, then a re-run.</summary>
public sealed class MacroRunnerTests : IAsyncLifetime
{
    private const int WarmedUp = 1000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cst-macro-" + Guid.NewGuid().ToString("N"));
    private readonly FakeKrakenServer _kraken = new();
    private readonly FakeCryptoCompareServer _cryptoCompare = new();
    private readonly HttpClient _http = new();
    private readonly InProcessMessageBus _bus = new();
    private readonly ConcurrentQueue<byte[]> _biasMessages = new();
    private SqliteBiasStore _biases = null!;
    private FlakyStateStore _state = null!;
    private IAsyncDisposable? _subscription;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var database = new SqliteDatabase(Path.Combine(_directory, "cst.db"));
        _biases = new SqliteBiasStore(database);
        _state = new FlakyStateStore(new SqliteStateStore(database));
        var btc = KrakenFeed.Of("BTCUSDT");
        btc.Serve(_kraken, "XBTUSDT", btc.Find("BTCUSDT", WarmedUp, fires: true));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        await _bus.DisposeAsync();
        _http.Dispose();
        await _kraken.DisposeAsync();
        await _cryptoCompare.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RunAsync_StateStoreFailsAfterTheBiasWasStored_NextRunRecordsTheIntent()
    {
        await ListenAsync();
        var runner = Runner();
        _state.FailNextTryCreate = true;

        var crashed = await runner.RunAsync("BTCUSDT", CancellationToken.None);

        Assert.Equal(SymbolOutcome.Failed, crashed.Status);
        Assert.Contains("state store unavailable", crashed.Error, StringComparison.Ordinal);
        Assert.NotNull(crashed.SignalId);
        Assert.NotNull(await _biases.GetAsync("BTCUSDT"));
        Assert.Empty(await _state.ListAsync(SwingIntentCodec.Collection));

        var rerun = await runner.RunAsync("BTCUSDT", CancellationToken.None);

        Assert.Equal((SymbolOutcome.Recorded, crashed.SignalId), (rerun.Status, rerun.SignalId));
        var stored = Assert.Single(await _state.ListAsync(SwingIntentCodec.Collection));
        Assert.Equal(crashed.SignalId, stored.Key);
        Assert.Equal(await _biases.GetAsync("BTCUSDT"), SwingIntentCodec.Decode(stored.Value).Signal.Bias);
        await WaitForAsync(() => _biasMessages.Count == 1);
    }

    [Fact]
    public async Task RunAsync_BiasTopicMissingAfterTheIntentWasRecorded_NextRunRepublishesTheBiasOnly()
    {
        var runner = Runner();

        var failed = await runner.RunAsync("BTCUSDT", CancellationToken.None);
        var intent = Assert.Single(await _state.ListAsync(SwingIntentCodec.Collection));
        await ListenAsync();
        var rerun = await runner.RunAsync("BTCUSDT", CancellationToken.None);

        Assert.Equal(SymbolOutcome.Failed, failed.Status);
        Assert.Contains(BiasMessageCodec.Topic, failed.Error, StringComparison.Ordinal);
        Assert.Equal((SymbolOutcome.AlreadyRecorded, failed.SignalId), (rerun.Status, rerun.SignalId));
        Assert.Equal(intent, Assert.Single(await _state.ListAsync(SwingIntentCodec.Collection)));
        await WaitForAsync(() => _biasMessages.Count == 1);
        Assert.Equal(await _biases.GetAsync("BTCUSDT"), BiasMessageCodec.Decode(_biasMessages.Single()));
    }

    [Fact]
    public async Task RunAsync_IntentAlreadyAppliedAndMarkedByTheLogicEngine_IsNotOverwritten()
    {
        await ListenAsync();
        var runner = Runner();
        var first = await runner.RunAsync("BTCUSDT", CancellationToken.None);
        var marked = "{\"applied\":true}";
        await _state.PutAsync(SwingIntentCodec.Collection, first.SignalId!, marked);

        var rerun = await runner.RunAsync("BTCUSDT", CancellationToken.None);

        Assert.Equal(SymbolOutcome.AlreadyRecorded, rerun.Status);
        Assert.Equal(marked, await _state.GetAsync(SwingIntentCodec.Collection, first.SignalId!));
    }

    [Fact]
    public async Task RunAsync_NewerBiasAlreadyStored_KeepsItUnpublishedAndStillRecordsTheIntent()
    {
        await ListenAsync();
        var later = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var newer = new MacroBias("BTCUSDT", Direction.Short, 91, later, later + 14_400_000);
        await _biases.PutAsync(newer);

        var outcome = await Runner().RunAsync("BTCUSDT", CancellationToken.None);

        Assert.Equal(SymbolOutcome.Recorded, outcome.Status);
        Assert.Equal(newer, await _biases.GetAsync("BTCUSDT"));
        Assert.Single(await _state.ListAsync(SwingIntentCodec.Collection));
        await Task.Delay(300); // a published bias would have arrived by now
        Assert.Empty(_biasMessages);
    }

    private MacroRunner Runner() => new(
        new MacroEnginePorts(
            new MacroCandleFeed(new KrakenOhlcClient(_http, _kraken.BaseUrl), new CryptoCompareOhlcClient(_http, _cryptoCompare.BaseUrl), NullLogger<MacroCandleFeed>.Instance),
            _biases,
            _state,
            _bus,
            new MacroOptions()),
        NullLogger<MacroRunner>.Instance);

    private async Task ListenAsync()
    {
        await _bus.EnsureTopicAsync(BiasMessageCodec.Topic, CancellationToken.None);
        await _bus.EnsureSubscriptionAsync(new BusSubscription { Name = "bias-test", Topic = BiasMessageCodec.Topic, DeadLetterTopic = "bias-test-dead-letter" }, CancellationToken.None);
        _subscription = await _bus.SubscribeAsync("bias-test", (m, _) =>
        {
            _biasMessages.Enqueue(m.Data.ToArray());
            return Task.CompletedTask;
        }, CancellationToken.None);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the expected bias messages did not arrive within 5 s");
    }

    /// <summary>A state store whose next TryCreate can be made to fail, as a process dying or Firestore timing out would.</summary>
    private sealed class FlakyStateStore(IStateStore inner) : IStateStore
    {
        public bool FailNextTryCreate { get; set; }

        public Task<string?> GetAsync(string collection, string key, CancellationToken cancellationToken = default) => inner.GetAsync(collection, key, cancellationToken);

        public Task PutAsync(string collection, string key, string value, CancellationToken cancellationToken = default) => inner.PutAsync(collection, key, value, cancellationToken);

        public Task<bool> TryCreateAsync(string collection, string key, string value, CancellationToken cancellationToken = default)
        {
            if (FailNextTryCreate)
            {
                FailNextTryCreate = false;
                throw new StoreException($"state store unavailable (test) creating {collection}/{key}");
            }

            return inner.TryCreateAsync(collection, key, value, cancellationToken);
        }

        public Task<bool> TryDeleteAsync(string collection, string key, CancellationToken cancellationToken = default) => inner.TryDeleteAsync(collection, key, cancellationToken);

        public Task<bool> TryIncrementAsync(string collection, string key, long limit, CancellationToken cancellationToken = default) => inner.TryIncrementAsync(collection, key, limit, cancellationToken);

        public Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string collection, CancellationToken cancellationToken = default) => inner.ListAsync(collection, cancellationToken);
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Notifications;
using CryptoSignalTracker.Telegram.Security;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using Microsoft.Extensions.Logging.Abstractions;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace CryptoSignalTracker.Benchmarks.Telegram;

/// <summary>
/// Signal event in → Telegram request out, on a local Bot API over loopback HTTP: the whole notifier path for one
/// subscribed chat (state reads, create-if-absent claim in SQLite, formatting, send, alert-log record, claim marked
/// sent), beside the peer: a bare Telegram.Bot <c>sendMessage</c> of the same text to the same server. The send
/// queue is opened wide (1000/s, no per-chat interval) so the figure is the code path, not the rate limit.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 30, invocationCount: 64)]
public class NotifierBenchmarks
{
    /// <summary>A made-up token of the Bot API shape; the benchmarks only ever talk to a local fake server.</summary>
    internal const string Token = "123456789:AAE-bench_token_value_0123456789";
    private const long ChatId = 7;

    private LocalBotApi? _api;
    private string _path = string.Empty;
    private TelegramBotClient? _client;
    private SignalNotifier? _notifier;
    private string _text = string.Empty;
    private long _next;

    /// <summary>Starts the local server and a SQLite-backed notifier with one subscribed chat.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _api = new LocalBotApi();
        _path = Path.Combine(Path.GetTempPath(), $"cst-bench-telegram-{Guid.NewGuid():N}.db");
        var db = new SqliteDatabase(_path);
        var state = new BotState(new SqliteStateStore(db));
        state.AddChatAsync(new AllowedChat(ChatId, ChatKind.Private, 42, 0), CancellationToken.None).GetAwaiter().GetResult();
        var queue = new SendQueueOptions { GlobalPerSecond = 1000, PerChatInterval = TimeSpan.Zero, PerGroupPerMinute = 1000 };
        _client = TelegramClientFactory.Create(Token, _api.BaseUrl, queue);
        var gateway = new TelegramGateway(_client, new SendRateLimiter(queue, TimeProvider.System), queue, new SecretRedactor(Token), TimeProvider.System, NullLogger<TelegramGateway>.Instance);
        var options = new NotifierOptions();
        _notifier = new SignalNotifier(gateway, new SqliteAlertLog(db), state, new DeliveryClaims(state.Store, TimeProvider.System, options, "bench"),
            new AlertFormatter(), options, TimeProvider.System, NullLogger<SignalNotifier>.Instance);
        _text = new AlertFormatter().Entry(NewSignal(0), null);
    }

    /// <summary>Stops the server and deletes the database.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _api?.Dispose();
        SqliteDatabase.ClearPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    /// <summary>The peer: Telegram.Bot's sendMessage of an alert-sized HTML text, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> BareSendMessage() =>
        (await _client!.SendMessage(ChatId, _text, ParseMode.Html)).MessageId;

    /// <summary>One new entry signal through the notifier to one chat.</summary>
    [Benchmark]
    public async Task<int> NotifyEntry() =>
        (await _notifier!.NotifyEntryAsync(NewSignal(Interlocked.Increment(ref _next)), null, CancellationToken.None)).Sent;

    private static Signal NewSignal(long n)
    {
        var t = 1_748_795_940_000 + (n * 60_000);
        return new Signal(Signal.MakeId("BTCUSDT", t, "v5.2-champion"), "BTCUSDT", t, Direction.Long, SignalKind.Micro,
            105164.2, 104428.1, 106741.7, 0.0958, 72, "RSI(14) 23.8 ≤ 25, volume 2.10× 20-candle average (> 1.5×)", "v5.2-champion");
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new P99Column());
        }
    }
}

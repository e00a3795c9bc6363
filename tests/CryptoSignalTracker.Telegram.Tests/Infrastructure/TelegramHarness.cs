using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Notifications;
using CryptoSignalTracker.Telegram.Security;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using Telegram.Bot;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>
/// The whole Telegram stack wired as a function would wire it: SQLite stores in a temp file, Telegram.Bot pointed at
/// the local fake Bot API, virtual time. <see cref="NewInstance"/> builds a second "process" on the same database.
/// </summary>
public sealed class TelegramHarness : IAsyncDisposable
{
    /// <summary>A syntactically valid, obviously fake token whose secret half the leak tests search for.</summary>
    public const string Token = "123456789:AAE-test_SECRET_token_value_0123456789";

    /// <summary>The owner's user id.</summary>
    public const long OwnerId = 42;

    private readonly string _path;

    private TelegramHarness(SendQueueOptions? queue, NotifierOptions? notifier, BotOptions? bot)
    {
        Clock = new JumpClock(DateTimeOffset.FromUnixTimeMilliseconds(Samples.CandleMs + 120_000));
        Api = new FakeBotApi(Clock);
        _path = Path.Combine(Path.GetTempPath(), $"cst-telegram-{Guid.NewGuid():N}.db");
        Database = new SqliteDatabase(_path);
        State = new BotState(new SqliteStateStore(Database));
        AlertLog = new SqliteAlertLog(Database);
        Positions = new SqlitePositionBook(Database);
        Bias = new SqliteBiasStore(Database);
        Candles = new SqliteCandleStore(Database);
        Updates = new SqliteIdempotencyStore(Database, Clock);
        QueueOptions = queue ?? new SendQueueOptions();
        NotifierOptions = notifier ?? new NotifierOptions();
        BotOptions = bot ?? new BotOptions { OwnerUserIds = [OwnerId], BotUsername = "CstTestBot" };
        Redactor = new SecretRedactor(Token);
        Formatter = new AlertFormatter();
        Status = new StubPipelineStatus();
        (Gateway, Notifier) = NewInstance("instance-a");
        Commands = new BotCommandHandler(
            Gateway, State, Positions, Bias, Candles, Status, Formatter, new CandleChartRenderer(), new EquityChartRenderer(),
            BotOptions, Clock, Logs.For<BotCommandHandler>(), Updates);
    }

    /// <summary>Virtual time.</summary>
    public JumpClock Clock { get; }

    /// <summary>The fake Bot API.</summary>
    public FakeBotApi Api { get; }

    /// <summary>Captured logs of every component.</summary>
    public LogSink Logs { get; } = new();

    /// <summary>The database.</summary>
    public SqliteDatabase Database { get; }

    /// <summary>Bot state.</summary>
    public BotState State { get; }

    /// <summary>Alert log.</summary>
    public SqliteAlertLog AlertLog { get; }

    /// <summary>Positions.</summary>
    public SqlitePositionBook Positions { get; }

    /// <summary>Bias store.</summary>
    public SqliteBiasStore Bias { get; }

    /// <summary>Candle store.</summary>
    public SqliteCandleStore Candles { get; }

    /// <summary>Update-id dedupe.</summary>
    public SqliteIdempotencyStore Updates { get; }

    /// <summary>Send queue options in use.</summary>
    public SendQueueOptions QueueOptions { get; }

    /// <summary>Notifier options in use.</summary>
    public NotifierOptions NotifierOptions { get; }

    /// <summary>Bot options in use.</summary>
    public BotOptions BotOptions { get; }

    /// <summary>Redactor for the token.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>Alert formatter.</summary>
    public AlertFormatter Formatter { get; }

    /// <summary>What /status reports.</summary>
    public StubPipelineStatus Status { get; }

    /// <summary>Instance A's gateway.</summary>
    public TelegramGateway Gateway { get; }

    /// <summary>Instance A's notifier.</summary>
    public SignalNotifier Notifier { get; }

    /// <summary>The command handler.</summary>
    public BotCommandHandler Commands { get; }

    /// <summary>Starts a harness.</summary>
    public static TelegramHarness Start(SendQueueOptions? queue = null, NotifierOptions? notifier = null, BotOptions? bot = null) =>
        new(queue, notifier, bot);

    /// <summary>Another notifier "process": own client, limiter and claim owner, same database and fake server.</summary>
    public (TelegramGateway Gateway, SignalNotifier Notifier) NewInstance(string owner)
    {
        var client = TelegramClientFactory.Create(Token, Api.BaseUrl, QueueOptions);
        var gateway = new TelegramGateway(client, new SendRateLimiter(QueueOptions, Clock), QueueOptions, Redactor, Clock, Logs.For<TelegramGateway>());
        var notifier = new SignalNotifier(
            gateway, AlertLog, State, new DeliveryClaims(State.Store, Clock, NotifierOptions, owner), Formatter, NotifierOptions, Clock,
            Logs.For<SignalNotifier>());
        return (gateway, notifier);
    }

    /// <summary>Allow-lists chats (positive: private, negative: group).</summary>
    public async Task SubscribeAsync(params long[] chatIds)
    {
        foreach (var id in chatIds)
        {
            await State.AddChatAsync(new AllowedChat(id, id < 0 ? ChatKind.Group : ChatKind.Private, OwnerId, 0), CancellationToken.None);
        }
    }

    /// <summary>Writes the bundled real BTC candles around <see cref="Samples.CandleMs"/> into the candle store.</summary>
    public async Task LoadBtcCandlesAsync(int before = 300, int after = 300)
    {
        var all = RealCandles.Btc();
        var i = all.FindIndex(c => c.OpenTimeMs == Samples.CandleMs);
        await Candles.WriteAsync("BTCUSDT", all.GetRange(i - before, before + after), CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        SqliteDatabase.ClearPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}

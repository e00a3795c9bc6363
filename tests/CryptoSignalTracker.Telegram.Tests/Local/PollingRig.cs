using CryptoSignalTracker.Telegram.Local;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests.Local;

/// <summary>A <see cref="TelegramPollingService"/> on the harness's command handler, polling the fake Bot API's <see cref="UpdateQueue"/>.</summary>
public sealed class PollingRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private PollingRig(TelegramPollingOptions? options)
    {
        Harness = TelegramHarness.Start();
        Harness.Api.Responder = Queue.Respond;
        Options = options ?? new TelegramPollingOptions { PollTimeout = TimeSpan.FromSeconds(1) };
        Service = new TelegramPollingService(
            TelegramPollingService.CreateClient(TelegramHarness.Token, Harness.Api.BaseUrl, Options),
            Harness.Commands,
            Options,
            Harness.Redactor,
            Harness.Clock,
            Harness.Logs.For<TelegramPollingService>());
    }

    /// <summary>The Telegram stack (fake Bot API, SQLite state, logs, virtual clock).</summary>
    public TelegramHarness Harness { get; }

    /// <summary>The pending updates.</summary>
    public UpdateQueue Queue { get; } = new();

    /// <summary>Polling options in use.</summary>
    public TelegramPollingOptions Options { get; }

    /// <summary>The loop.</summary>
    public TelegramPollingService Service { get; }

    /// <summary>The running loop (after <see cref="Start"/>).</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    /// <summary>Builds the rig; the loop is not started yet.</summary>
    public static PollingRig Create(TelegramPollingOptions? options = null) => new(options);

    /// <summary>Starts the loop in the background.</summary>
    public PollingRig Start()
    {
        Running = Task.Run(() => Service.RunAsync(_stop.Token));
        return this;
    }

    /// <summary>The texts sent to <paramref name="chatId"/>.</summary>
    public IReadOnlyList<string> SentTo(long chatId) =>
        [.. Harness.Api.Calls("sendMessage").Where(r => r.ChatId == chatId).Select(r => r.Field("text") ?? string.Empty)];

    /// <summary>Cancels the loop without waiting (e.g. from inside a fake reply).</summary>
    public void RequestStop() => _stop.Cancel();

    /// <summary>Cancels the loop and waits for it to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Running.WaitAsync(Eventually.Patience);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        await Harness.DisposeAsync();
    }
}

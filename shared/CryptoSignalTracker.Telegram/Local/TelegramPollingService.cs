using System.Text.Json;
using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.Security;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace CryptoSignalTracker.Telegram.Local;

/// <summary>
/// The bot without a webhook: long-polls <c>getUpdates</c> and hands every update to the same
/// <see cref="BotCommandHandler"/> the TelegramWebhook function uses, one at a time, in update-id order.
/// <list type="bullet">
/// <item>Starts with <c>deleteWebhook</c> (keeping pending updates): while a webhook is set, <c>getUpdates</c> answers 409.</item>
/// <item>The offset moves past an update only after it was handled (or found malformed), and Telegram drops an update
/// only when a later call carries a higher offset, so within a run nothing is lost or handled twice. On a clean stop one
/// last short call confirms what was handled; after a crash Telegram resends the unconfirmed updates and the handler's
/// idempotency store (when it has one) drops those it already answered.</item>
/// <item>An update Telegram.Bot cannot read is logged and skipped; the batch is fetched as raw JSON so one bad update
/// cannot block the others.</item>
/// <item>Network errors, timeouts, 5xx and 409 back off exponentially (<see cref="TelegramPollingOptions.BackoffBase"/>
/// doubling up to <see cref="TelegramPollingOptions.BackoffMax"/>); 429 waits its <c>retry_after</c>. A rejected token
/// (401/404) stops the loop with an error line: retrying cannot fix it.</item>
/// <item>Cancellation ends <see cref="RunAsync"/> normally: the update in hand may finish for
/// <see cref="TelegramPollingOptions.StopGrace"/>, the rest of the batch stays unconfirmed for the next start. Everything
/// logged goes through the <see cref="SecretRedactor"/>.</item>
/// </list>
/// </summary>
public sealed class TelegramPollingService
{
    private readonly ITelegramBotClient _client;
    private readonly BotCommandHandler _handler;
    private readonly TelegramPollingOptions _options;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramPollingService> _logger;
    private const long NoOffset = long.MinValue;

    private long _offset = NoOffset;
    private int? _confirmed;
    private int _failures;
    private long _handled;

    /// <summary>
    /// Creates the loop. <paramref name="client"/> must allow a request to run longer than
    /// <see cref="TelegramPollingOptions.PollTimeout"/> (see <see cref="CreateClient"/>).
    /// </summary>
    public TelegramPollingService(
        ITelegramBotClient client,
        BotCommandHandler handler,
        TelegramPollingOptions options,
        SecretRedactor redactor,
        TimeProvider timeProvider,
        ILogger<TelegramPollingService> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The next update id asked for (one past the last handled update), or null before the first update.</summary>
    public int? NextOffset => Interlocked.Read(ref _offset) is var o && o != NoOffset ? (int)o : null;

    /// <summary>Updates taken off the queue so far (handled or skipped as malformed).</summary>
    public long UpdatesProcessed => Interlocked.Read(ref _handled);

    /// <summary>
    /// A Telegram.Bot client for polling: the send-queue client settings with an HTTP timeout of
    /// <see cref="TelegramPollingOptions.PollTimeout"/> + <see cref="TelegramPollingOptions.RequestMargin"/>, so a
    /// long poll that Telegram holds open is not cut short. Throws <see cref="ArgumentException"/> for a token of the
    /// wrong shape, without repeating it.
    /// </summary>
    public static TelegramBotClient CreateClient(string token, Uri? baseUrl, TelegramPollingOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Sending.TelegramClientFactory.Create(
            token, baseUrl, new Sending.SendQueueOptions { RequestTimeout = options.PollTimeout + options.RequestMargin }, handler);
    }

    /// <summary>Deletes any webhook, then polls until <paramref name="cancellationToken"/> is cancelled or the token is rejected.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await DeleteWebhookAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            _logger.LogInformation("Telegram long polling started (timeout {PollSeconds} s)", _options.PollTimeout.TotalSeconds);
            while (!cancellationToken.IsCancellationRequested)
            {
                JsonElement[] batch;
                var asked = NextOffset;
                try
                {
                    batch = await _client.SendRequest(
                        new RawUpdatesRequest
                        {
                            Offset = asked,
                            Limit = _options.BatchSize,
                            Timeout = (int)_options.PollTimeout.TotalSeconds,
                            AllowedUpdates = _options.AllowedUpdates,
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (!await OnFailureAsync("getUpdates", e, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                _failures = 0;
                _confirmed = asked;
                if (!await HandleBatchAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    // Only entries without a readable update_id: nothing can be confirmed, so do not spin on them.
                    await BackOffAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: a call cut short by the stop may fail with a cancellation or with a network error.
            _logger.LogDebug("Telegram long polling interrupted by the stop ({Error})", e.GetType().Name);
        }

        await ConfirmHandledAsync().ConfigureAwait(false);
        _logger.LogInformation("Telegram long polling stopped after {Updates} update(s)", UpdatesProcessed);
    }

    private async Task<bool> DeleteWebhookAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _client.DeleteWebhook(dropPendingUpdates: false, cancellationToken).ConfigureAwait(false);
                _failures = 0;
                _logger.LogInformation("Telegram webhook removed (if any) so that getUpdates works; pending updates kept");
                return true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                if (!await OnFailureAsync("deleteWebhook", e, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }
    }

    /// <summary>Handles a batch; false when it was non-empty but no entry had a readable update id.</summary>
    private async Task<bool> HandleBatchAsync(JsonElement[] batch, CancellationToken cancellationToken)
    {
        if (batch is null || batch.Length == 0)
        {
            return true;
        }

        var progressed = false;
        foreach (var element in batch)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break; // stopping: the rest stays unconfirmed and comes again on the next start
            }

            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty("update_id", out var idElement)
                || !idElement.TryGetInt32(out var id))
            {
                _logger.LogWarning("Telegram getUpdates returned an entry without a readable update_id; skipped");
                continue;
            }

            progressed = true;
            if (NextOffset is int next && id < next)
            {
                continue; // already handled; Telegram will drop it with the next call
            }

            try
            {
                await HandleOneAsync(id, element, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The handler answers its own failures; this catches a converter or parser throwing something unexpected.
                _logger.LogError("Telegram update {UpdateId} could not be handled and was skipped: {Error}", id, _redactor.Describe(e));
            }

            Interlocked.Exchange(ref _offset, id + 1L);
            Interlocked.Increment(ref _handled);
        }

        return progressed;
    }

    private async Task HandleOneAsync(int id, JsonElement element, CancellationToken cancellationToken)
    {
        if (!UpdateParser.TryParse(element.GetRawText(), out var update, out var error))
        {
            _logger.LogWarning("Telegram update {UpdateId} is malformed and was skipped: {Error}", id, _redactor.Redact(error));
            return;
        }

        // The update in hand may finish (its reply goes out) for StopGrace after a stop; then it is cancelled too.
        using var handling = new CancellationTokenSource();
        using var stopping = cancellationToken.Register(() => handling.CancelAfter(_options.StopGrace));
        var outcome = await _handler.HandleAsync(update, handling.Token).ConfigureAwait(false);
        _logger.LogInformation("Telegram update {UpdateId}: {Outcome}", id, outcome);
    }

    /// <summary>Logs a failed call and waits before the next; false when the loop must stop (token rejected).</summary>
    private async Task<bool> OnFailureAsync(string method, Exception e, CancellationToken cancellationToken)
    {
        var error = _redactor.Describe(e);
        if (e is ApiRequestException api)
        {
            switch (api.ErrorCode)
            {
                case 401 or 404:
                    _logger.LogError(
                        "Telegram rejected the bot token on {Method} ({Code}); long polling stopped: check TELEGRAM_BOT_TOKEN", method, api.ErrorCode);
                    return false;
                case 429:
                    var asked = TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 1));
                    var wait = asked <= _options.MaxRetryAfter ? asked : _options.MaxRetryAfter;
                    _logger.LogWarning("Telegram flood control on {Method}: waiting {RetryAfterSeconds} s", method, wait.TotalSeconds);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    return true;
                case 409:
                    _logger.LogWarning(
                        "Telegram refused {Method} with a conflict ({Error}): a webhook was set again or another process polls this bot", method, error);
                    if (api.Message.Contains("webhook", StringComparison.OrdinalIgnoreCase))
                    {
                        await BackOffAsync(cancellationToken).ConfigureAwait(false);
                        return await DeleteWebhookAsync(cancellationToken).ConfigureAwait(false);
                    }

                    break;
                default:
                    _logger.LogWarning("Telegram {Method} failed: {Error}", method, error);
                    break;
            }
        }
        else
        {
            _logger.LogWarning("Telegram {Method} failed: {Error}", method, error);
        }

        await BackOffAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private Task BackOffAsync(CancellationToken cancellationToken)
    {
        _failures++;
        var factor = Math.Pow(2, Math.Min(_failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.BackoffBase.Ticks * factor, _options.BackoffMax.Ticks));
        _logger.LogInformation("Telegram polling: next try in {DelaySeconds} s (failure {Failures} in a row)", delay.TotalSeconds, _failures);
        return Task.Delay(delay, _time, cancellationToken);
    }

    /// <summary>One short call carrying the next offset, so Telegram drops the updates handled since the last call.</summary>
    private async Task ConfirmHandledAsync()
    {
        var offset = NextOffset;
        if (offset is null || offset == _confirmed || _options.ConfirmOnStopTimeout == TimeSpan.Zero)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.ConfirmOnStopTimeout);
        try
        {
            await _client.SendRequest(
                new RawUpdatesRequest { Offset = offset, Limit = 1, Timeout = 0, AllowedUpdates = _options.AllowedUpdates },
                timeout.Token).ConfigureAwait(false);
            _confirmed = offset;
            _logger.LogDebug("Telegram updates below {Offset} confirmed", offset);
        }
        catch (Exception e)
        {
            _logger.LogWarning(
                "Could not confirm the handled Telegram updates below {Offset} ({Error}); Telegram resends them on the next start", offset, _redactor.Describe(e));
        }
    }
}

using System.Net;
using CryptoSignalTracker.Telegram.Security;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>
/// The one way out to Telegram: every call waits for its slot in the <see cref="SendRateLimiter"/>, 429 answers are
/// waited out (<c>retry_after</c>, applied to the chat's bucket), 5xx / network errors / timeouts are retried with
/// exponential backoff (Polly), and the result is classified into a <see cref="TelegramResult"/>. When retries run
/// out it throws <see cref="TelegramUnavailableException"/> (retryable). Nothing it logs or throws contains the token.
/// </summary>
public sealed class TelegramGateway
{
    private static readonly ResiliencePropertyKey<long?> _chatKey = new("telegram.chat");

    private readonly ITelegramBotClient _client;
    private readonly SendRateLimiter _limiter;
    private readonly SendQueueOptions _options;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramGateway> _logger;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Creates the gateway.</summary>
    public TelegramGateway(
        ITelegramBotClient client,
        SendRateLimiter limiter,
        SendQueueOptions options,
        SecretRedactor redactor,
        TimeProvider timeProvider,
        ILogger<TelegramGateway> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _pipeline = BuildPipeline();
    }

    /// <summary>The redactor used for everything this gateway reports (for callers logging their own lines).</summary>
    public SecretRedactor Redactor => _redactor;

    /// <summary>
    /// Sends an HTML text message. When <paramref name="startBefore"/> is given and the slot comes later (less than a
    /// request timeout before it), nothing is sent and the outcome is <see cref="TelegramOutcome.DeadlinePassed"/>.
    /// </summary>
    public Task<TelegramResult> SendTextAsync(
        long chatId, string html, InlineKeyboardMarkup? keyboard, DateTimeOffset? startBefore, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(html);
        return RunAsync(chatId, "sendMessage", startBefore, async ct =>
        {
            var m = await _client.SendMessage(
                chatId, html, ParseMode.Html, replyMarkup: keyboard,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: ct).ConfigureAwait(false);
            return m.MessageId;
        }, cancellationToken);
    }

    /// <summary>
    /// Sends an HTML text message only if its slot in the rate limiter comes within <paramref name="maxWait"/>, in one
    /// attempt without retries. For answers that must not hold the caller (replies to strangers in the webhook request).
    /// Without such a slot, or when Telegram is busy (429, 5xx, network), the outcome is <see cref="TelegramOutcome.Dropped"/>.
    /// </summary>
    public async Task<TelegramResult> TrySendTextSoonAsync(long chatId, string html, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(html);
        if (!_limiter.TryReserve(chatId, maxWait, out var delay))
        {
            return new TelegramResult(TelegramOutcome.Dropped, Description: $"no send slot for the chat within {maxWait.TotalMilliseconds:0} ms");
        }

        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds)), _time, cancellationToken).ConfigureAwait(false);
            }

            var m = await _client.SendMessage(
                chatId, html, ParseMode.Html, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new TelegramResult(TelegramOutcome.Done, m.MessageId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (IsRateLimited(e))
            {
                _limiter.Penalize(chatId, RetryAfter(e));
            }

            if (IsRateLimited(e) || IsTransient(e, cancellationToken))
            {
                return new TelegramResult(TelegramOutcome.Dropped, Description: _redactor.Describe(e));
            }

            return Classify("sendMessage", chatId, e);
        }
    }

    /// <summary>Replaces the text (and keyboard) of a message the bot sent; identical content is <see cref="TelegramOutcome.NotModified"/>.</summary>
    public Task<TelegramResult> EditTextAsync(
        long chatId, int messageId, string html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(html);
        return RunAsync(chatId, "editMessageText", null, async ct =>
        {
            var m = await _client.EditMessageText(
                chatId, messageId, html, ParseMode.Html, replyMarkup: keyboard,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: ct).ConfigureAwait(false);
            return m.MessageId;
        }, cancellationToken);
    }

    /// <summary>Sends a PNG with an HTML caption.</summary>
    public Task<TelegramResult> SendPhotoAsync(long chatId, byte[] png, string captionHtml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(png);
        return RunAsync(chatId, "sendPhoto", null, async ct =>
        {
            using var stream = new MemoryStream(png, writable: false);
            var m = await _client.SendPhoto(
                chatId, InputFile.FromStream(stream, "chart.png"), captionHtml, ParseMode.Html, cancellationToken: ct).ConfigureAwait(false);
            return m.MessageId;
        }, cancellationToken);
    }

    /// <summary>Answers a button press (stops the client's spinner); <paramref name="text"/> is an optional toast.</summary>
    public Task<TelegramResult> AnswerCallbackAsync(string callbackQueryId, string? text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callbackQueryId);
        return RunAsync(null, "answerCallbackQuery", null, async ct =>
        {
            await _client.AnswerCallbackQuery(callbackQueryId, text, cancellationToken: ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    private static bool IsRateLimited(Exception? e) => e is ApiRequestException { ErrorCode: 429 };

    private static bool IsTransient(Exception? e, CancellationToken callerToken) => e switch
    {
        ApiRequestException a => a.ErrorCode >= 500 || a.ErrorCode == (int)HttpStatusCode.RequestTimeout,
        RequestException r => r.HttpStatusCode is null || (int)r.HttpStatusCode.Value >= 500
            || r.HttpStatusCode == HttpStatusCode.RequestTimeout || r.HttpStatusCode == HttpStatusCode.TooManyRequests,
        HttpRequestException or TimeoutException or IOException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (_options.MaxRateLimitRetries > 0)
        {
            // Outer: 429. The wait itself is enforced by the limiter (Penalize), so other messages to that chat wait too.
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRateLimitRetries,
                ShouldHandle = args => ValueTask.FromResult(
                    IsRateLimited(args.Outcome.Exception) && RetryAfter(args.Outcome.Exception) <= _options.MaxRetryAfter),
                DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(TimeSpan.Zero),
                OnRetry = args =>
                {
                    var wait = RetryAfter(args.Outcome.Exception);
                    var chat = args.Context.Properties.GetValue(_chatKey, null);
                    if (chat is long id)
                    {
                        _limiter.Penalize(id, wait);
                    }

                    _logger.LogWarning("Telegram flood control: waiting {RetryAfterSeconds} s before retry {Attempt}", wait.TotalSeconds, args.AttemptNumber + 1);
                    return chat is null ? new ValueTask(Task.Delay(wait, _time, args.Context.CancellationToken)) : ValueTask.CompletedTask;
                },
            });
        }

        if (_options.MaxTransientRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxTransientRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = _options.BackoffBase,
                MaxDelay = _options.BackoffMax,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    _logger.LogWarning(
                        "Telegram call failed ({Error}); retry {Attempt} in {DelaySeconds} s",
                        _redactor.Describe(args.Outcome.Exception!), args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    private static TimeSpan RetryAfter(Exception? e) =>
        TimeSpan.FromSeconds(Math.Max(1, (e as ApiRequestException)?.Parameters?.RetryAfter ?? 1));

    private async Task<TelegramResult> RunAsync(
        long? chatId, string method, DateTimeOffset? startBefore, Func<CancellationToken, Task<int>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(_chatKey, chatId);
        try
        {
            var messageId = await _pipeline.ExecuteAsync(
                async ctx =>
                {
                    if (chatId is long id)
                    {
                        await _limiter.WaitAsync(id, ctx.CancellationToken).ConfigureAwait(false);
                    }

                    if (startBefore is { } deadline && _time.GetUtcNow() + _options.RequestTimeout > deadline)
                    {
                        throw new DeadlinePassedException();
                    }

                    return await call(ctx.CancellationToken).ConfigureAwait(false);
                },
                context).ConfigureAwait(false);
            return new TelegramResult(TelegramOutcome.Done, messageId);
        }
        catch (DeadlinePassedException)
        {
            return new TelegramResult(TelegramOutcome.DeadlinePassed, Description: "the send deadline passed while queued");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Classify(method, chatId, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private TelegramResult Classify(string method, long? chatId, Exception e)
    {
        var description = _redactor.Redact(e.Message);
        if (e is ApiRequestException api)
        {
            switch (api.ErrorCode)
            {
                case 400 when description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase):
                    return new TelegramResult(TelegramOutcome.NotModified, Description: description);
                case 400 when api.Parameters?.MigrateToChatId is long newId:
                    return new TelegramResult(TelegramOutcome.Migrated, MigratedToChatId: newId, Description: description);
                case 400 when description.Contains("chat not found", StringComparison.OrdinalIgnoreCase):
                    return new TelegramResult(TelegramOutcome.ChatGone, Description: description);
                case 400:
                    _logger.LogError("Telegram rejected {Method} to chat {ChatId}: {Description}", method, chatId, description);
                    return new TelegramResult(TelegramOutcome.Rejected, Description: description);
                case 403:
                    return new TelegramResult(TelegramOutcome.Blocked, Description: description);
                case 429:
                    var wait = RetryAfter(e);
                    throw new TelegramUnavailableException($"Telegram flood control on {method}: retry after {wait.TotalSeconds} s", wait);
                case 401 or 404:
                    throw new TelegramUnavailableException($"Telegram rejected the bot token on {method} ({api.ErrorCode}): check the configured token");
            }
        }

        if (IsTransient(e, CancellationToken.None))
        {
            throw new TelegramUnavailableException($"Telegram unavailable on {method} after retries: {_redactor.Describe(e)}");
        }

        // Anything else (a 4xx Telegram.Bot could not parse, a serialisation fault) will not heal on retry.
        _logger.LogError("Telegram call {Method} to chat {ChatId} failed: {Error}", method, chatId, _redactor.Describe(e));
        return new TelegramResult(TelegramOutcome.Rejected, Description: _redactor.Describe(e));
    }

    private sealed class DeadlinePassedException : Exception
    {
    }
}

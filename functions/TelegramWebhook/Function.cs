using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Telegram;
using CryptoSignalTracker.Telegram.Commands;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.TelegramWebhook;

/// <summary>
/// Telegram's webhook: 401 unless <c>X-Telegram-Bot-Api-Secret-Token</c> matches <c>TELEGRAM_WEBHOOK_SECRET</c>
/// (constant time, before the body is read); a malformed update is logged and answered 200 (anything else makes
/// Telegram redeliver it forever); a valid one goes to the <see cref="BotCommandHandler"/>, then 200.
/// </summary>
[FunctionsStartup(typeof(Startup))]
public sealed class Function : IHttpFunction
{
    private readonly string _secret;
    private readonly BotCommandHandler _handler;
    private readonly ILogger<Function> _logger;

    /// <summary>Creates the function.</summary>
    public Function(TelegramSettings settings, BotCommandHandler handler, ILogger<Function> logger)
    {
        _secret = (settings ?? throw new ArgumentNullException(nameof(settings))).RequireWebhookSecret();
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!WebhookSecret.Matches(request.Headers[WebhookSecret.HeaderName].ToString(), _secret))
        {
            _logger.LogWarning("Webhook call without the right {header}; answered 401", WebhookSecret.HeaderName);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        if (!UpdateParser.TryParse(body, out var update, out var error))
        {
            _logger.LogWarning("Ignored a malformed Telegram update: {error}", error);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        var outcome = await _handler.HandleAsync(update, context.RequestAborted);
        _logger.LogInformation("Telegram update {update_id}: {outcome}", update!.Id, outcome);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}

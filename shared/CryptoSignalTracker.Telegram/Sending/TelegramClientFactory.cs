using System.Text.RegularExpressions;
using Telegram.Bot;

namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>
/// Builds the <see cref="TelegramBotClient"/> the gateway uses: Telegram.Bot's own 429 auto-retry is switched off
/// (the <see cref="TelegramGateway"/> retries in injected time and respects the send queue), the HTTP timeout is
/// <see cref="SendQueueOptions.RequestTimeout"/>, and a base URL may point it at a local Bot API server or a test fake.
/// The <see cref="HttpClient"/> has no logging handler, so request URLs (which contain the token) are never logged —
/// do not route it through an <c>IHttpClientFactory</c> client whose logging is on.
/// </summary>
public static partial class TelegramClientFactory
{
    /// <summary>
    /// Creates the client. <paramref name="baseUrl"/>: null for <c>https://api.telegram.org</c>, else scheme + host
    /// (+ port) of another Bot API server. Throws <see cref="ArgumentException"/> for a token that is not
    /// <c>&lt;digits&gt;:&lt;secret&gt;</c>, without repeating the token.
    /// </summary>
    public static TelegramBotClient Create(string token, Uri? baseUrl, SendQueueOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(token) || !TokenShape().IsMatch(token))
        {
            throw new ArgumentException("the Telegram bot token must look like <bot id digits>:<secret> (value not shown)", nameof(token));
        }

        var botOptions = new TelegramBotClientOptions(token, baseUrl?.GetLeftPart(UriPartial.Authority))
        {
            RetryCount = 0,
        };
        var http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.RequestTimeout,
        };
        return new TelegramBotClient(botOptions, http);
    }

    [GeneratedRegex("^[0-9]{1,16}:[A-Za-z0-9_-]{10,}$")]
    private static partial Regex TokenShape();
}

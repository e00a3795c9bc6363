using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Security;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Telegram.Gemini;

/// <summary>
/// An optional one-paragraph market note from Gemini's <c>generateContent</c> REST call, shown next to a macro bias.
/// It is decoration only: it never changes a signal or a bias. Returns null (and logs why) when no key is set, the
/// call fails, is blocked, returns no text, or takes longer than <see cref="GeminiOptions.Timeout"/>. The key travels
/// only in the <c>x-goog-api-key</c> header and never appears in logs.
/// </summary>
public sealed class GeminiMarketNote
{
    private const string SystemPrompt =
        "You write one short, neutral paragraph (at most 3 sentences) for crypto traders about the market context of a " +
        "rule-based macro bias. No advice, no price targets, no emojis.";

    private readonly HttpClient _http;
    private readonly GeminiOptions _options;
    private readonly TimeProvider _time;
    private readonly SecretRedactor _redactor;
    private readonly ILogger<GeminiMarketNote> _logger;

    /// <summary>Creates the client on <paramref name="http"/> (its own timeout should be longer than the option's).</summary>
    public GeminiMarketNote(HttpClient http, GeminiOptions options, TimeProvider timeProvider, ILogger<GeminiMarketNote> logger)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _redactor = new SecretRedactor(options.ApiKey);
    }

    /// <summary>A note on <paramref name="bias"/> given the last few <paramref name="recent"/> candles (oldest first), or null.</summary>
    public Task<string?> DescribeAsync(MacroBias bias, IReadOnlyList<Candle> recent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(recent);
        var sb = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Symbol {bias.Symbol}. Rule-based macro bias {WireNames.Of(bias.Side)} with confidence {bias.Confidence:0}/100, ")
            .Append(CultureInfo.InvariantCulture, $"decided {WireNames.Time(bias.PublishedAtMs)}.");
        if (recent.Count > 0)
        {
            sb.Append(" Recent candles (open time, open, high, low, close, volume):");
            foreach (var c in recent.TakeLast(12))
            {
                sb.Append(CultureInfo.InvariantCulture, $" [{WireNames.Time(c.OpenTimeMs)} {WireNames.Number(c.Open)} {WireNames.Number(c.High)} {WireNames.Number(c.Low)} {WireNames.Number(c.Close)} {WireNames.Number(c.Volume)}]");
            }
        }

        return GenerateAsync(sb.ToString(), cancellationToken);
    }

    /// <summary>Gemini's answer to <paramref name="prompt"/> as a single plain-text paragraph (escape it for HTML), or null.</summary>
    public async Task<string?> GenerateAsync(string prompt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        if (!_options.Enabled)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl, $"/v1beta/models/{_options.Model}:generateContent"))
            {
                Content = JsonContent.Create(new
                {
                    systemInstruction = new { parts = new[] { new { text = SystemPrompt } } },
                    contents = new[] { new { role = "user", parts = new[] { new { text = prompt } } } },
                    generationConfig = new { temperature = _options.Temperature, maxOutputTokens = _options.MaxOutputTokens },
                }),
            };
            request.Headers.Add("x-goog-api-key", _options.ApiKey);
            using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("Gemini note skipped: HTTP {Status} {Error}", (int)response.StatusCode, _redactor.Redact(ErrorMessage(body)));
                return null;
            }

            var text = ExtractText(body);
            if (text is null)
            {
                _logger.LogWarning("Gemini note skipped: the answer had no text (blocked or empty)");
                return null;
            }

            return Cut(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Gemini note skipped: no answer within {TimeoutSeconds} s", _options.Timeout.TotalSeconds);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException or InvalidOperationException)
        {
            _logger.LogWarning("Gemini note skipped: {Error}", _redactor.Describe(e));
            return null;
        }
    }

    /// <summary>The text of the first candidate, skipping thought parts; null when there is none.</summary>
    internal static string? ExtractText(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array
            || candidates.GetArrayLength() == 0
            || !candidates[0].TryGetProperty("content", out var content)
            || !content.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var sb = new StringBuilder();
        foreach (var part in parts.EnumerateArray())
        {
            if (part.TryGetProperty("thought", out var thought) && thought.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            if (part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                sb.Append(text.GetString());
            }
        }

        var result = sb.ToString().Trim();
        return result.Length == 0 ? null : result;
    }

    private static string ErrorMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    private string Cut(string text)
    {
        if (text.Length <= _options.MaxNoteLength)
        {
            return text;
        }

        var end = _options.MaxNoteLength - TelegramHtml.Ellipsis.Length;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--; // never split a surrogate pair
        }

        return text[..end].TrimEnd() + TelegramHtml.Ellipsis;
    }
}

using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>Turns a webhook POST body into an <see cref="Update"/>, with a clear error instead of an exception.</summary>
public static class UpdateParser
{
    /// <summary>Largest body accepted, bytes (Telegram updates are a few kilobytes). Default 1 MiB.</summary>
    public const int MaxBodyLength = 1 << 20;

    /// <summary>
    /// Parses <paramref name="body"/> with Telegram.Bot's own JSON settings. False (and <paramref name="error"/> naming
    /// what was wrong, e.g. the JSON path) for empty, oversized, non-JSON or wrongly shaped bodies.
    /// </summary>
    public static bool TryParse(string? body, out Update? update, out string? error)
    {
        update = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            error = "the body is empty";
            return false;
        }

        if (body.Length > MaxBodyLength)
        {
            error = $"the body is {body.Length} characters, over the {MaxBodyLength} limit";
            return false;
        }

        try
        {
            update = JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options);
        }
        catch (JsonException e)
        {
            error = $"the body is not a Telegram update: {e.Message}";
            return false;
        }

        error = update is null ? "the body is JSON null" : null;
        return update is not null;
    }
}

using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Functions.ChartRenderer;

/// <summary>
/// A parsed chart request: <c>symbol</c> (required, e.g. <c>BTCUSDT</c>; case-insensitive), <c>minutes</c>
/// (<see cref="MinMinutes"/>-<see cref="MaxMinutes"/>, default <see cref="DefaultMinutes"/>), <c>signal</c> (optional
/// signal id: the window starts <see cref="LeadInMinutes"/> before it and the signal is drawn) and <c>to</c>
/// (optional end of the window, ISO 8601 or Unix ms; default now).
/// </summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Minutes">Window length in minutes.</param>
/// <param name="SignalId">The signal to center on, or null.</param>
/// <param name="ToMs">End of the window (Unix ms), or null for now.</param>
public sealed record ChartQuery(string Symbol, int Minutes, string? SignalId, long? ToMs)
{
    /// <summary>Shortest window: 15 minutes.</summary>
    public const int MinMinutes = 15;

    /// <summary>Longest window: 1440 minutes (a day).</summary>
    public const int MaxMinutes = 1440;

    /// <summary>Default window: 120 minutes.</summary>
    public const int DefaultMinutes = 120;

    /// <summary>Minutes shown before a requested signal: 30.</summary>
    public const int LeadInMinutes = 30;

    /// <summary>Parses the query string; false with <paramref name="error"/> saying what is wrong.</summary>
    public static bool TryParse(IQueryCollection query, out ChartQuery? result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        result = null;
        var symbolText = query["symbol"].ToString().Trim();
        if (symbolText.Length == 0)
        {
            error = "query parameter 'symbol' is required (e.g. symbol=BTCUSDT)";
            return false;
        }

        var symbol = symbolText.ToUpperInvariant();
        if (!Symbols.IsWellFormed(symbol))
        {
            error = $"query parameter 'symbol' is '{symbolText}', not a symbol (2-20 letters or digits, e.g. BTCUSDT)";
            return false;
        }

        var minutes = DefaultMinutes;
        var minutesText = query["minutes"].ToString().Trim();
        if (minutesText.Length > 0
            && (!int.TryParse(minutesText, NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes < MinMinutes || minutes > MaxMinutes))
        {
            error = $"query parameter 'minutes' is '{minutesText}'; it must be a whole number from {MinMinutes} to {MaxMinutes}";
            return false;
        }

        var signal = query["signal"].ToString().Trim();
        long? toMs = null;
        var toText = query["to"].ToString().Trim();
        if (toText.Length > 0)
        {
            if (long.TryParse(toText, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                toMs = ms;
            }
            else if (DateTimeOffset.TryParse(toText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                toMs = t.ToUnixTimeMilliseconds();
            }
            else
            {
                error = $"query parameter 'to' is '{toText}'; it must be an ISO 8601 time or Unix milliseconds";
                return false;
            }
        }

        // A time outside 2001..2286 (long.MaxValue, year 0001) used to overflow the window arithmetic into a 500.
        if (toMs is { } to && InputRules.Time(to, "query parameter 'to'") is { } badTime)
        {
            error = badTime;
            return false;
        }

        if (signal.Length > 0 && InputRules.Id(signal, "query parameter 'signal'") is { } badSignal)
        {
            error = badSignal;
            return false;
        }

        result = new ChartQuery(symbol, minutes, signal.Length == 0 ? null : signal, toMs);
        error = null;
        return true;
    }
}

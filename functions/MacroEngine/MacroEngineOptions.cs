using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Kraken;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>The MacroEngine's settings (section <c>MacroEngine</c>; the symbols come from <c>SYMBOLS</c>).</summary>
public sealed class MacroEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "MacroEngine";

    /// <summary>Bybit symbols to evaluate (default <see cref="Symbols.Default"/>; env <c>SYMBOLS</c>, comma separated).</summary>
    public IReadOnlyList<string> Symbols { get; set; } = Core.Domain.Symbols.Default;

    /// <summary>Kraken API base URL (default <c>https://api.kraken.com</c>).</summary>
    public Uri KrakenUrl { get; set; } = KrakenOhlcClient.DefaultBaseUrl;

    /// <summary>Timeout of one Kraken request (default 10 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A symbol is malformed, the list is empty or the timeout is not positive.</exception>
    public MacroEngineOptions Validate()
    {
        if (Symbols.Count == 0)
        {
            throw new ArgumentException("MacroEngine: SYMBOLS is empty");
        }

        foreach (var s in Symbols)
        {
            if (!Core.Domain.Symbols.IsWellFormed(s))
            {
                throw new ArgumentException($"MacroEngine: SYMBOLS entry '{s}' is not a symbol (expected e.g. BTCUSDT)");
            }
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"MacroEngine:RequestTimeout must be positive, is {RequestTimeout}");
        }

        return this;
    }
}

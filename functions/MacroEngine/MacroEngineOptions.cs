using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.CryptoCompare;
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

    /// <summary>CryptoCompare API base URL, the fallback source (default <c>https://min-api.cryptocompare.com</c>).</summary>
    public Uri CryptoCompareUrl { get; set; } = CryptoCompareOhlcClient.DefaultBaseUrl;

    /// <summary>
    /// Optional CryptoCompare API key (default none; env <c>CRYPTOCOMPARE_API_KEY</c>). Sent only as a header, never logged.
    /// </summary>
    public string? CryptoCompareApiKey { get; set; }

    /// <summary>Timeout of one Kraken or CryptoCompare request (default 10 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What a run does (default <see cref="MacroEngineRole.CrossCheck"/>: the LogicEngine decides the macro on Bybit candles).</summary>
    public MacroEngineRole Role { get; set; } = MacroEngineRole.CrossCheck;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A symbol is malformed, the list is empty, a URL is not absolute http(s) or the timeout is not positive.</exception>
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

        foreach (var (name, url) in new[] { ("KrakenUrl", KrakenUrl), ("CryptoCompareUrl", CryptoCompareUrl) })
        {
            if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"MacroEngine:{name} must be an absolute http(s) URL, is '{url}'");
            }
        }

        if (!Enum.IsDefined(Role))
        {
            throw new ArgumentException($"MacroEngine:Role must be CrossCheck or Decide, is '{Role}'");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"MacroEngine:RequestTimeout must be positive, is {RequestTimeout}");
        }

        return this;
    }
}

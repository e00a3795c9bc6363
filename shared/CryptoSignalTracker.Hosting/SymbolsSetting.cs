using CryptoSignalTracker.Core.Domain;
using Microsoft.Extensions.Configuration;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// The one reader of the <c>SYMBOLS</c> setting every function (and <c>cst run</c>) shares: a comma separated list of
/// symbols, each trimmed and upper-cased (<c>btcusdt</c> → <c>BTCUSDT</c>).
/// </summary>
public static class SymbolsSetting
{
    /// <summary>The configuration key (environment variable <c>SYMBOLS</c>).</summary>
    public const string Key = "SYMBOLS";

    /// <summary>The symbols <see cref="Key"/> names, or null when it is unset or blank.</summary>
    /// <exception cref="ArgumentException">An entry is not a symbol; the message names <see cref="Key"/> and the entry.</exception>
    public static IReadOnlyList<string>? Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var symbols = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                symbols.Add(Symbols.Normalize(part));
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"{Key}: {e.Message}", e);
            }
        }

        return symbols.Count > 0 ? symbols : throw new ArgumentException($"{Key} '{text}' names no symbol (expected e.g. BTCUSDT,SOLUSDT)");
    }

    /// <summary>The symbols <see cref="Key"/> names, or <see cref="Symbols.Default"/> when it is unset.</summary>
    /// <exception cref="ArgumentException">An entry is not a symbol; the message names <see cref="Key"/> and the entry.</exception>
    public static IReadOnlyList<string> ReadOrDefault(IConfiguration configuration) => Read(configuration) ?? Symbols.Default;

    /// <summary>
    /// The symbols of an options type bound from configuration: <see cref="Key"/> when set, else what was bound (e.g.
    /// <c>Logic:Symbols:0</c>), else <see cref="Symbols.Default"/>. Bind into an empty list first: binding appends to a
    /// list that already holds the defaults.
    /// </summary>
    /// <exception cref="ArgumentException">An entry of <see cref="Key"/> is not a symbol; the message names <see cref="Key"/> and the entry.</exception>
    public static IReadOnlyList<string> ReadOr(IConfiguration configuration, ICollection<string> bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        return Read(configuration) ?? (bound.Count == 0 ? Symbols.Default : [.. bound]);
    }
}

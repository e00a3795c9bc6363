namespace CryptoSignalTracker.Core.Domain;

/// <summary>Instrument names and the default watch list.</summary>
public static class Symbols
{
    /// <summary>The 9 Bybit USDT perpetuals the system watches by default.</summary>
    public static IReadOnlyList<string> Default { get; } =
        ["BTCUSDT", "SOLUSDT", "ETHUSDT", "XRPUSDT", "DOGEUSDT", "SEIUSDT", "LINKUSDT", "SUIUSDT", "ADAUSDT"];

    /// <summary>True when <paramref name="symbol"/> looks like an exchange symbol: 2-20 upper-case letters or digits.</summary>
    public static bool IsWellFormed(string? symbol) =>
        symbol is { Length: >= 2 and <= 20 } && symbol.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    /// <summary>Normalises user input (<c>btcusdt</c> → <c>BTCUSDT</c>) and rejects anything that is not a symbol.</summary>
    public static string Normalize(string symbol)
    {
        var s = symbol.Trim().ToUpperInvariant();
        return IsWellFormed(s) ? s : throw new FormatException($"'{symbol}' is not a symbol (expected e.g. BTCUSDT)");
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Risk;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// Reads a <see cref="TradingConfig"/> from JSON. Every key is optional; an unknown key or a bad value is an
/// error that names it. Shape (camelCase names of the options' properties):
/// <code>
/// { "strategy": { "oversold": 25, ..., "symbols": { "BTCUSDT": { "volumeFactor": 2.0 } } },
///   "macro": { "enabled": true, "takeProfitPercent": 0.5, ... },
///   "biasFilter": { "engageAt": 80, "hysteresis": false },
///   "risk": { "initialEquity": 10000, "feePercent": 0.06, ... } }
/// </code>
/// A per-symbol entry overrides only the keys it names.
/// </summary>
public static class TradingConfigReader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    public static TradingConfig ReadFile(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    public static TradingConfig Parse(string json)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
            ?? throw new FormatException("the config must be a JSON object");
        foreach (var (key, _) in root)
        {
            if (key is not ("strategy" or "macro" or "biasFilter" or "risk"))
            {
                throw new FormatException($"unknown config section '{key}' (expected strategy, macro, biasFilter, risk)");
            }
        }

        var strategy = Section(root, "strategy");
        var symbols = strategy["symbols"] as JsonObject;
        strategy.Remove("symbols");
        var defaults = Read<ChampionOptions>(strategy, "strategy").Validate();
        var perSymbol = new Dictionary<string, ChampionOptions>(StringComparer.Ordinal);
        foreach (var (symbol, overrides) in symbols ?? [])
        {
            var merged = (JsonObject)strategy.DeepClone();
            foreach (var (key, value) in overrides as JsonObject ?? throw new FormatException($"strategy.symbols.{symbol} must be an object"))
            {
                merged[key] = value?.DeepClone();
            }

            perSymbol[Domain.Symbols.Normalize(symbol)] = Read<ChampionOptions>(merged, $"strategy.symbols.{symbol}").Validate();
        }

        var macro = Section(root, "macro");
        var enabled = macro["enabled"]?.GetValue<bool>() ?? true;
        macro.Remove("enabled");

        return new TradingConfig
        {
            Strategy = new StrategySettings { Defaults = defaults, PerSymbol = perSymbol },
            MacroEnabled = enabled,
            Macro = Read<MacroOptions>(macro, "macro").Validate(),
            BiasFilter = Read<BiasFilterOptions>(Section(root, "biasFilter"), "biasFilter").Validate(),
            Risk = Read<RiskOptions>(Section(root, "risk"), "risk").Validate(),
        };
    }

    private static JsonObject Section(JsonObject root, string name) => root[name] switch
    {
        null => [],
        JsonObject o => (JsonObject)o.DeepClone(),
        _ => throw new FormatException($"config section '{name}' must be an object"),
    };

    private static T Read<T>(JsonObject node, string where)
    {
        try
        {
            return node.Deserialize<T>(Json) ?? throw new FormatException($"{where} is empty");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{where}: {ex.Message}", ex);
        }
    }
}

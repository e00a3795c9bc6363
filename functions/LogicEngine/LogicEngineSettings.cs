using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;

namespace CryptoSignalTracker.Functions.LogicEngine;

/// <summary>Reads the LogicEngine's configuration: section <c>Logic</c>, symbols from <c>SYMBOLS</c>, the trading configuration from <c>Logic:TradingConfig</c>.</summary>
public static class LogicEngineSettings
{
    /// <summary>The key of the trading configuration: inline JSON (starts with <c>{</c>) or a path to the JSON file <c>cst backtest --config</c> takes; unset = defaults.</summary>
    public const string TradingConfigKey = "Logic:TradingConfig";

    /// <summary>The live options: <c>Logic:*</c>, with <c>SYMBOLS</c> (comma separated) when set.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static LiveEngineOptions Options(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LiveEngineOptions.Section);
        var options = new LiveEngineOptions
        {
            ResampleMacro = section.GetValue(nameof(LiveEngineOptions.ResampleMacro), false),
            BarrierGraceMinutes = section.GetValue(nameof(LiveEngineOptions.BarrierGraceMinutes), LiveEngineOptions.DefaultBarrierGraceMinutes),
            BarrierWait = section.GetValue(nameof(LiveEngineOptions.BarrierWait), new LiveEngineOptions().BarrierWait),
            SwingIntentMaxAgeMinutes = section.GetValue(nameof(LiveEngineOptions.SwingIntentMaxAgeMinutes), new LiveEngineOptions().SwingIntentMaxAgeMinutes),
        };
        var symbols = configuration["SYMBOLS"];
        if (!string.IsNullOrWhiteSpace(symbols))
        {
            options = options with { Symbols = [.. symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())] };
        }

        return options.Validate();
    }

    /// <summary>The trading configuration (<see cref="TradingConfigKey"/>).</summary>
    /// <exception cref="ArgumentException">The JSON or the file is invalid; the message says where.</exception>
    public static TradingConfig TradingConfig(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[TradingConfigKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new TradingConfig();
        }

        try
        {
            return value.TrimStart().StartsWith('{') ? TradingConfigReader.Parse(value) : TradingConfigReader.ReadFile(value);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{TradingConfigKey}: {e.Message}", e);
        }
    }
}

using CryptoSignalTracker.Core.Backtesting;
using Microsoft.Extensions.Configuration;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// The trading configuration a function runs with (the JSON <c>cst backtest --config</c> takes), from
/// <see cref="Key"/>: inline JSON (starting with <c>{</c>) or a path to the file; unset = the defaults. The LogicEngine
/// uses all of it, the MacroEngine its <c>macro</c> section, so live and backtest share one set of settings.
/// </summary>
public static class TradingConfiguration
{
    /// <summary>The configuration key (env <c>Logic__TradingConfig</c>; Terraform's <c>trading_config</c>).</summary>
    public const string Key = "Logic:TradingConfig";

    /// <summary>True when <see cref="Key"/> is set.</summary>
    public static bool IsSet(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration?[Key]);

    /// <summary>Reads the trading configuration.</summary>
    /// <exception cref="ArgumentException">The JSON or the file is invalid; the message names the key and the problem.</exception>
    public static TradingConfig Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Key];
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
            throw new ArgumentException($"{Key}: {e.Message}", e);
        }
    }
}

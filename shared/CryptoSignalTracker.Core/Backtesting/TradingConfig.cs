using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Risk;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>Everything that decides signals: strategy, macro engine, bias filter, risk. Read by <see cref="TradingConfigReader"/>.</summary>
public sealed record TradingConfig
{
    /// <summary>V5.2 Champion settings with per-symbol overrides.</summary>
    public StrategySettings Strategy { get; init; } = new();

    /// <summary>Run the macro engine (SWING signals and the bias). Default true.</summary>
    public bool MacroEnabled { get; init; } = true;

    /// <summary>Macro engine settings.</summary>
    public MacroOptions Macro { get; init; } = new();

    /// <summary>How the bias filters MICRO signals.</summary>
    public BiasFilterOptions BiasFilter { get; init; } = new();

    /// <summary>Risk, sizing, fees and slippage.</summary>
    public RiskOptions Risk { get; init; } = new();
}

namespace CryptoSignalTracker.Core.Risk;

/// <summary>Risk, sizing and execution settings. Defaults are the original system's where it had one.</summary>
public sealed record RiskOptions
{
    /// <summary>Starting equity of the paper account, quote currency (USDT). Default 10,000.</summary>
    public double InitialEquity { get; init; } = 10_000;

    /// <summary>Equity risked per trade (lost if the stop is hit), percent. Default 0.5.</summary>
    public double RiskPerTradePercent { get; init; } = 0.5;

    /// <summary>Most equity at risk over all open positions together, percent. Default 2.</summary>
    public double MaxPortfolioRiskPercent { get; init; } = 2;

    /// <summary>MICRO size multiplier while a SWING position is open on the same symbol. Default 0.5.</summary>
    public double SwingOpenSizeFactor { get; init; } = 0.5;

    /// <summary>Minutes after a MICRO exit before the symbol may open another MICRO position. Default 15.</summary>
    public int CooldownMinutes { get; init; } = 15;

    /// <summary>Fee per side, percent of notional (taker). Default 0.06.</summary>
    public double FeePercent { get; init; } = 0.06;

    /// <summary>Adverse slippage on every fill (entry, stop, target, time and end exits), percent of price. Default 0.02.</summary>
    public double SlippagePercent { get; init; } = 0.02;

    /// <summary>Close a position after this many minutes (exit reason TIME); 0 = never (default, as the original).</summary>
    public int MaxHoldingMinutes { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that makes no sense.</summary>
    public RiskOptions Validate()
    {
        Check(InitialEquity > 0 && double.IsFinite(InitialEquity), nameof(InitialEquity), "must be > 0");
        Check(RiskPerTradePercent is > 0 and <= 100, nameof(RiskPerTradePercent), "must be in (0, 100]");
        Check(MaxPortfolioRiskPercent is > 0 and <= 100, nameof(MaxPortfolioRiskPercent), "must be in (0, 100]");
        Check(SwingOpenSizeFactor is > 0 and <= 1, nameof(SwingOpenSizeFactor), "must be in (0, 1]");
        Check(CooldownMinutes >= 0, nameof(CooldownMinutes), "must be >= 0");
        Check(FeePercent is >= 0 and < 10, nameof(FeePercent), "must be in [0, 10)");
        Check(SlippagePercent is >= 0 and < 10, nameof(SlippagePercent), "must be in [0, 10) (slippage is always adverse)");
        Check(MaxHoldingMinutes >= 0, nameof(MaxHoldingMinutes), "must be >= 0");
        return this;
    }

    private static void Check(bool ok, string name, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"risk setting {name} {problem}", name);
        }
    }
}

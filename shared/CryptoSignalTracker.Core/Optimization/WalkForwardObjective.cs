namespace CryptoSignalTracker.Core.Optimization;

/// <summary>What "best in-sample" means in a walk-forward fold.</summary>
public enum WalkForwardObjective
{
    /// <summary>Highest net PnL (fees included).</summary>
    NetPnl,

    /// <summary>Highest Sharpe ratio of daily returns.</summary>
    Sharpe,

    /// <summary>Highest profit factor (no losing trade counts as the highest; no trade as 0).</summary>
    ProfitFactor,
}

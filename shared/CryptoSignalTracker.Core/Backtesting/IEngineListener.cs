using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>Receives what the <see cref="TradingEngine"/> decides, in decision order.</summary>
public interface IEngineListener
{
    /// <summary>An entry signal whose position was opened.</summary>
    void OnSignal(Signal signal);

    /// <summary>A set-up skipped by the macro filter or a risk rule.</summary>
    void OnSkipped(SkippedSignal skipped);

    /// <summary>A position closed.</summary>
    void OnExit(ClosedTrade trade);

    /// <summary>The macro engine set a symbol's bias.</summary>
    void OnBias(MacroBias bias);
}

using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;

namespace CryptoSignalTracker.Live;

/// <summary>Collects what the engine decided on a minute, in order: the messages (an ENTRY with the position it opened) and the bias changes.</summary>
internal sealed class DecisionCollector(TradingEngine engine) : IEngineListener
{
    /// <summary>The ENTRY and EXIT messages, in the engine's order; an ENTRY carries the position it opened, if still open.</summary>
    public List<(TradeSignalMessage Message, Position? Position)> Messages { get; } = [];

    /// <summary>The bias changes the engine's own macro rules made (resampled macro).</summary>
    public List<MacroBias> Biases { get; } = [];

    /// <inheritdoc/>
    public void OnSignal(Signal signal)
    {
        Position? position = null;
        var open = engine.Portfolio.Open;
        for (var i = open.Count - 1; i >= 0; i--)
        {
            if (open[i].SignalId == signal.Id)
            {
                position = open[i];
                break;
            }
        }

        Messages.Add((TradeSignalMessage.ForEntry(signal, engine.Symbol(signal.Symbol).Bias), position));
    }

    /// <inheritdoc/>
    public void OnSkipped(SkippedSignal skipped)
    {
    }

    /// <inheritdoc/>
    public void OnExit(ClosedTrade trade) => Messages.Add((TradeSignalMessage.ForExit(trade), null));

    /// <inheritdoc/>
    public void OnBias(MacroBias bias) => Biases.Add(bias);

    /// <summary>Forgets what was collected (a rebuild discards every minute's decisions).</summary>
    public void Clear()
    {
        Messages.Clear();
        Biases.Clear();
    }
}

using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>Keeps the entries an engine gives (the peer's and the signal finder's listener).</summary>
internal sealed class SignalSink : IEngineListener
{
    /// <summary>Entries since the last clear.</summary>
    public List<Signal> Entries { get; } = [];

    /// <inheritdoc />
    public void OnSignal(Signal signal) => Entries.Add(signal);

    /// <inheritdoc />
    public void OnSkipped(SkippedSignal skipped)
    {
    }

    /// <inheritdoc />
    public void OnExit(ClosedTrade trade)
    {
    }

    /// <inheritdoc />
    public void OnBias(MacroBias bias)
    {
    }
}

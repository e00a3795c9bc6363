namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// The part of the incremental contract every indicator shares (its <c>Update</c> differs by input). Two rules hold
/// for every indicator (docs/indicators/README.md):
/// <list type="bullet">
/// <item><b>Warm-up.</b> <see cref="WarmUpPeriod"/> is the number of inputs needed until the first value, as in LEAN:
/// the first value comes with input number <see cref="WarmUpPeriod"/> (index <c>WarmUpPeriod − 1</c> of a batch),
/// and <see cref="IsReady"/> is true from that input on. Before it the value is NaN.</item>
/// <item><b>Non-finite input.</b> An input that is NaN or ±infinity (any price or the volume of a candle) is refused
/// with an <see cref="ArgumentException"/> naming the indicator, the value and its time (batch: its index); the
/// indicator is left as it was, like an out-of-order input. So a NaN in an output only ever means "no value yet"
/// (or an undefined ratio the indicator documents, such as a z-score over equal volumes).</item>
/// </list>
/// </summary>
public interface IIndicator
{
    /// <summary>Inputs needed until the first value: the first value comes with this input; NaN before it.</summary>
    int WarmUpPeriod { get; }

    /// <summary>True once <see cref="WarmUpPeriod"/> inputs have been added.</summary>
    bool IsReady { get; }

    /// <summary>Forgets every input, as if newly constructed.</summary>
    void Reset();
}

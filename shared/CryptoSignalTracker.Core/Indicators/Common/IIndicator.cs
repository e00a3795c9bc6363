namespace CryptoSignalTracker.Core.Indicators;

/// <summary>The part of the incremental contract every indicator shares (its <c>Update</c> differs by input).</summary>
public interface IIndicator
{
    /// <summary>Number of inputs before the first value (NaN until then).</summary>
    int WarmUpPeriod { get; }

    /// <summary>True once more than <see cref="WarmUpPeriod"/> inputs have been added.</summary>
    bool IsReady { get; }

    /// <summary>Forgets every input, as if newly constructed.</summary>
    void Reset();
}

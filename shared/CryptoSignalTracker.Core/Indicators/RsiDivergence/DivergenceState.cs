namespace CryptoSignalTracker.Core.Indicators;

/// <summary>The divergence rule shared by <see cref="RsiDivergence.Update"/> and <see cref="RsiDivergence.Compute"/>.</summary>
internal struct DivergenceState
{
    private PivotEvent? _previousLow;
    private double _previousLowRsi;
    private PivotEvent? _previousHigh;
    private double _previousHighRsi;

    /// <summary>The latest divergence found, if any.</summary>
    public Divergence? Last { get; private set; }

    /// <summary>
    /// Takes the pivots one candle confirmed with the RSI on each pivot's candle and returns the divergence
    /// they complete. Pivots whose RSI is NaN are ignored (neither compared nor remembered). If one candle
    /// completed both a bullish and a bearish divergence (an outside bar that is both pivots) the two
    /// contradict each other: None is returned and <see cref="Last"/> is left as it was.
    /// </summary>
    public DivergenceKind Add(PivotUpdate pivots, double rsiAtHigh, double rsiAtLow)
    {
        Divergence? bullish = null;
        Divergence? bearish = null;
        if (pivots.Low is { } low && !double.IsNaN(rsiAtLow))
        {
            if (_previousLow is { } previous && low.Price < previous.Price && rsiAtLow > _previousLowRsi)
            {
                bullish = new Divergence(DivergenceKind.Bullish, previous, _previousLowRsi, low, rsiAtLow);
            }

            (_previousLow, _previousLowRsi) = (low, rsiAtLow);
        }

        if (pivots.High is { } high && !double.IsNaN(rsiAtHigh))
        {
            if (_previousHigh is { } previous && high.Price > previous.Price && rsiAtHigh < _previousHighRsi)
            {
                bearish = new Divergence(DivergenceKind.Bearish, previous, _previousHighRsi, high, rsiAtHigh);
            }

            (_previousHigh, _previousHighRsi) = (high, rsiAtHigh);
        }

        if (bullish.HasValue == bearish.HasValue)
        {
            return DivergenceKind.None;
        }

        Last = bullish ?? bearish;
        return Last!.Value.Kind;
    }
}

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

    /// <summary>Writes the running state.</summary>
    public readonly void Save(Backtesting.EngineStateWriter state)
    {
        SwingPivots.Write(state, _previousLow);
        state.Write(_previousLowRsi);
        SwingPivots.Write(state, _previousHigh);
        state.Write(_previousHighRsi);
        state.Write(Last.HasValue);
        if (Last is { } d)
        {
            state.Write((int)d.Kind);
            SwingPivots.Write(state, d.Previous);
            state.Write(d.PreviousRsi);
            SwingPivots.Write(state, d.Current);
            state.Write(d.CurrentRsi);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Load(Backtesting.EngineStateReader state)
    {
        _previousLow = SwingPivots.ReadPivot(state);
        _previousLowRsi = state.ReadDouble();
        _previousHigh = SwingPivots.ReadPivot(state);
        _previousHighRsi = state.ReadDouble();
        Last = state.ReadBool()
            ? new Divergence(
                state.ReadEnum<DivergenceKind>("divergence kind"),
                SwingPivots.ReadPivot(state) ?? throw new FormatException("engine state: divergence without its previous pivot"),
                state.ReadDouble(),
                SwingPivots.ReadPivot(state) ?? throw new FormatException("engine state: divergence without its current pivot"),
                state.ReadDouble())
            : null;
    }
}

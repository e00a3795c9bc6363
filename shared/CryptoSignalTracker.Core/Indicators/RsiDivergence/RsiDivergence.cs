using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Indicators;

/// <summary>
/// Regular RSI divergence on confirmed <see cref="SwingPivots"/>. Bullish: a newly confirmed pivot low is
/// strictly lower in price than the previous confirmed pivot low while the RSI on its candle is strictly
/// higher. Bearish mirrors this on pivot highs. Reported on the candle that confirms the pivot (<c>right</c>
/// candles after it), so nothing looks ahead. Pivots whose RSI is NaN (RSI still warming up) are ignored.
/// If one candle completes both kinds at once they contradict each other and <see cref="DivergenceKind.None"/>
/// is returned. Warm-up: as <see cref="SwingPivots"/>, <c>left + right + 1</c>. The RSI input may be NaN (no RSI
/// yet); an infinite RSI, or a candle with a non-finite price or volume, is refused.
/// </summary>
public sealed class RsiDivergence : IIndicator
{
    private readonly SwingPivots _pivots;
    private readonly SlidingWindow<double> _rsi;
    private DivergenceState _state;
    private long _lastTimeMs = TimeOrder.None;

    /// <summary>Creates a divergence finder on pivots with <paramref name="left"/>/<paramref name="right"/> candles each side (defaults 5).</summary>
    public RsiDivergence(int left = SwingPivots.DefaultSide, int right = SwingPivots.DefaultSide)
    {
        _pivots = new SwingPivots(left, right);
        _rsi = new SlidingWindow<double>(right + 1);
    }

    /// <summary>Candles before a pivot.</summary>
    public int Left => _pivots.Left;

    /// <summary>Candles after a pivot (the confirmation delay).</summary>
    public int Right => _pivots.Right;

    /// <summary>Inputs needed until the first possible confirmation: <c>left + right + 1</c>.</summary>
    public int WarmUpPeriod => _pivots.WarmUpPeriod;

    /// <summary>True once pivots can be confirmed.</summary>
    public bool IsReady => _pivots.IsReady;

    /// <summary>What the latest candle returned.</summary>
    public DivergenceKind Value { get; private set; }

    /// <summary>The latest divergence found (with both pivots' prices and RSI values), or null.</summary>
    public Divergence? LastDivergence => _state.Last;

    /// <summary>Adds a candle (open times strictly increasing) with the RSI of that candle and returns the divergence it confirms.</summary>
    /// <param name="candle">The new candle.</param>
    /// <param name="rsi">RSI on this candle's close (NaN while the RSI warms up).</param>
    /// <exception cref="ArgumentException">The candle's open time is not after the previous one's.</exception>
    public DivergenceKind Update(in Candle candle, double rsi)
    {
        FiniteInput.Check(nameof(RsiDivergence), candle);
        if (!double.IsNaN(rsi))
        {
            FiniteInput.Check(nameof(RsiDivergence), rsi, candle.OpenTimeMs);
        }

        _lastTimeMs = TimeOrder.Next(nameof(RsiDivergence), candle.OpenTimeMs, _lastTimeMs);
        var pivots = _pivots.Update(candle);
        _rsi.Add(rsi);
        var rsiAtPivot = _rsi.Items[0]; // the pivot candle is `right` candles back: the oldest in the window
        Value = pivots.Any ? _state.Add(pivots, rsiAtPivot, rsiAtPivot) : DivergenceKind.None;
        return Value;
    }

    /// <summary>Forgets every input.</summary>
    public void Reset()
    {
        _pivots.Reset();
        _rsi.Clear();
        _state = default;
        _lastTimeMs = TimeOrder.None;
        Value = DivergenceKind.None;
    }

    /// <summary>Writes, for each candle, the divergence it confirms.</summary>
    /// <param name="candles">Candles, open times strictly increasing.</param>
    /// <param name="rsi">RSI on each candle's close; the same length as <paramref name="candles"/>.</param>
    /// <param name="output">At least as long as <paramref name="candles"/>.</param>
    /// <param name="left">Candles before a pivot (default 5).</param>
    /// <param name="right">Candles after a pivot (default 5).</param>
    /// <exception cref="ArgumentException">Open times do not strictly increase, or the RSI series has another length.</exception>
    public static void Compute(
        ReadOnlySpan<Candle> candles,
        ReadOnlySpan<double> rsi,
        Span<DivergenceKind> output,
        int left = SwingPivots.DefaultSide,
        int right = SwingPivots.DefaultSide)
    {
        if (rsi.Length != candles.Length)
        {
            throw new ArgumentException($"rsi has {rsi.Length} values but there are {candles.Length} candles; they must match", nameof(rsi));
        }

        IndicatorArguments.OutputFits(candles.Length, output.Length, nameof(output));
        FiniteInput.CheckAll(nameof(RsiDivergence), candles);
        FiniteInput.CheckAllOrNaN(nameof(RsiDivergence), rsi);
        var pivots = new PivotUpdate[candles.Length];
        SwingPivots.Compute(candles, pivots, left, right);
        var state = default(DivergenceState);
        for (var i = 0; i < candles.Length; i++)
        {
            output[i] = pivots[i].Any ? state.Add(pivots[i], rsi[i - right], rsi[i - right]) : DivergenceKind.None;
        }
    }

    /// <summary>Writes the running state (engine snapshots).</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_lastTimeMs);
        state.Write((int)Value);
        _pivots.Save(state);
        _rsi.Save(state, static (w, x) => w.Write(x));
        _state.Save(state);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        _lastTimeMs = state.ReadLong();
        Value = state.ReadEnum<DivergenceKind>("divergence");
        _pivots.Load(state);
        _rsi.Load(state, static r => r.ReadDouble());
        _state.Load(state);
    }
}

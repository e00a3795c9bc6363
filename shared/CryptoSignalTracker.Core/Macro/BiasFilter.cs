using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Macro;

/// <summary>
/// Decides whether a MICRO signal agrees with the symbol's macro bias. No bias, an expired one, or a weak
/// one: both directions allowed; a strong one: only its direction. Keeps per-symbol state for hysteresis.
/// </summary>
public sealed class BiasFilter(BiasFilterOptions options)
{
    private readonly BiasFilterOptions _options = options.Validate();
    private readonly Dictionary<string, bool> _engaged = new(StringComparer.Ordinal);

    /// <summary>True when a <paramref name="side"/> signal on <paramref name="symbol"/> may pass at <paramref name="nowMs"/>.</summary>
    public bool Allows(string symbol, Direction side, MacroBias? bias, long nowMs)
    {
        var engaged = IsEngaged(symbol, bias, nowMs);
        return !engaged || side == bias!.Side;
    }

    /// <summary>
    /// What <see cref="Allows"/> would answer, without updating the hysteresis state (an early warning on a forming
    /// candle must not change the filter the closed candle is decided by).
    /// </summary>
    public bool WouldAllow(string symbol, Direction side, MacroBias? bias, long nowMs) =>
        !Engaged(symbol, bias, nowMs) || side == bias!.Side;

    /// <summary>Updates and returns whether the filter restricts <paramref name="symbol"/> to the bias direction.</summary>
    public bool IsEngaged(string symbol, MacroBias? bias, long nowMs)
    {
        var engaged = Engaged(symbol, bias, nowMs);
        _engaged[symbol] = engaged;
        return engaged;
    }

    /// <summary>Whether the filter restricts <paramref name="symbol"/> now, given its last state; changes nothing.</summary>
    private bool Engaged(string symbol, MacroBias? bias, long nowMs)
    {
        bool engaged;
        if (bias is null || !bias.IsValidAt(nowMs))
        {
            engaged = false;
        }
        else if (bias.Confidence >= _options.EngageAt)
        {
            engaged = true;
        }
        else if (_options.Hysteresis)
        {
            engaged = _engaged.GetValueOrDefault(symbol) && bias.Confidence >= _options.ReleaseBelow;
        }
        else
        {
            engaged = false;
        }

        return engaged;
    }

    /// <summary>Writes the hysteresis state (engine snapshots), symbols in ordinal order.</summary>
    internal void Save(Backtesting.EngineStateWriter state)
    {
        state.Write(_engaged.Count);
        foreach (var (symbol, engaged) in _engaged.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            state.Write(symbol);
            state.Write(engaged);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal void Load(Backtesting.EngineStateReader state)
    {
        _engaged.Clear();
        var count = state.ReadCount(100_000, "bias filter");
        for (var i = 0; i < count; i++)
        {
            _engaged[state.ReadRequiredString("bias filter symbol")] = state.ReadBool();
        }
    }
}

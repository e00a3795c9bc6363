using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// The macro decisions of a set of candles, recorded once by the engine's own macro step (5m/4h resampling and
/// <see cref="MacroRules"/>) so that a grid search does not recompute them for every combination: they depend only on
/// the candles and <see cref="TradingConfig.Macro"/>, never on the strategy's settings or on trading. A backtest given
/// the tape applies each decision at the 1-minute candle that made it, exactly where it would have computed it.
/// </summary>
internal sealed class MacroTape
{
    private readonly Dictionary<string, Track> _tracks;

    private MacroTape(MacroOptions options, Dictionary<string, Track> tracks)
    {
        Options = options;
        _tracks = tracks;
    }

    /// <summary>The macro options the tape was recorded with.</summary>
    public MacroOptions Options { get; }

    /// <summary>Records the macro decisions of <paramref name="series"/> under <paramref name="config"/>; null when the macro engine is off.</summary>
    public static MacroTape? Record(IReadOnlyList<SymbolSeries> series, TradingConfig config)
    {
        if (!config.MacroEnabled)
        {
            return null;
        }

        var engine = new TradingEngine(config);
        var tracks = new Dictionary<string, Track>(StringComparer.Ordinal);
        var signals = new List<MacroSignal>();
        foreach (var s in series)
        {
            var state = engine.Symbol(s.Symbol);
            var times = new List<long>();
            var made = new List<MacroSignal>();
            foreach (var candle in s.Candles)
            {
                signals.Clear();
                TradingEngine.StepMacro(state, candle, signals);
                foreach (var signal in signals)
                {
                    times.Add(candle.OpenTimeMs);
                    made.Add(signal);
                }
            }

            tracks[s.Symbol] = new Track([.. times], [.. made]);
        }

        return new MacroTape(config.Macro, tracks);
    }

    /// <summary>The recorded decisions of <paramref name="symbol"/> (none when the tape has no such symbol).</summary>
    public Track For(string symbol) => _tracks.TryGetValue(symbol, out var track) ? track : Track.Empty;

    /// <summary>One symbol's decisions in order, each with the open time of the 1-minute candle that made it.</summary>
    internal sealed record Track(long[] Times, MacroSignal[] Signals)
    {
        public static Track Empty { get; } = new([], []);
    }
}

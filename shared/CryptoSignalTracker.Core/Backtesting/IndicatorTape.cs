using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// The V5.2 Champion's indicator values where they matter, recorded once per symbol and per (RSI period, volume period)
/// by the same indicator classes the strategy updates, so that a grid search does not recompute them for every
/// combination: RSI and the volume average depend on the candles and those two periods only. A set-up needs a volume
/// spike (volume &gt; factor × average) with RSI at or below the oversold threshold or at or above the overbought one, so
/// the tape keeps only the candles where some recorded setting could see one — the lowest volume factor, the highest
/// oversold and the lowest overbought threshold among the settings — with their values; on every other candle each of
/// those settings decides "no set-up" by the same comparisons. A <see cref="ChampionStrategy"/> given a track reads
/// the values of those candles instead of computing them and decides with its own code (see <see cref="MacroTape"/> for
/// the macro decisions). Not for <see cref="ChampionOptions.RequireDivergence"/>, which needs RSI on every candle.
/// </summary>
internal sealed class IndicatorTape
{
    private readonly Dictionary<(string Symbol, int RsiPeriod, int VolumePeriod), Track> _tracks;
    private readonly double _volumeFactor;
    private readonly double _oversold;
    private readonly double _overbought;

    private IndicatorTape(Dictionary<(string Symbol, int RsiPeriod, int VolumePeriod), Track> tracks, double volumeFactor, double oversold, double overbought)
    {
        _tracks = tracks;
        (_volumeFactor, _oversold, _overbought) = (volumeFactor, oversold, overbought);
    }

    /// <summary>
    /// Records every symbol of <paramref name="series"/> for each distinct pair of periods among <paramref name="settings"/>;
    /// null when there are no settings or one of them requires a divergence.
    /// </summary>
    public static IndicatorTape? Record(IReadOnlyList<SymbolSeries> series, IReadOnlyList<ChampionOptions> settings)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Count == 0 || settings.Any(o => o.RequireDivergence))
        {
            return null;
        }

        var (factor, oversold, overbought) = (settings.Min(o => o.VolumeFactor), settings.Max(o => o.Oversold), settings.Min(o => o.Overbought));
        var tracks = new Dictionary<(string Symbol, int RsiPeriod, int VolumePeriod), Track>();
        foreach (var (rsiPeriod, volumePeriod) in settings.Select(o => (o.RsiPeriod, o.VolumePeriod)).Distinct())
        {
            foreach (var s in series)
            {
                tracks[(s.Symbol, rsiPeriod, volumePeriod)] = Track.Of(s, rsiPeriod, volumePeriod, factor, oversold, overbought);
            }
        }

        return new IndicatorTape(tracks, factor, oversold, overbought);
    }

    /// <summary>The track of <paramref name="symbol"/> under <paramref name="options"/>' periods.</summary>
    /// <exception cref="ArgumentException">The tape has no such symbol, was recorded with other periods, or <paramref name="options"/> could see a set-up the tape left out.</exception>
    public Track For(string symbol, ChampionOptions options)
    {
        if (options.RequireDivergence || options.VolumeFactor < _volumeFactor || options.Oversold > _oversold || options.Overbought < _overbought)
        {
            throw new ArgumentException(
                $"the indicator tape was recorded for volume factors from {_volumeFactor}, oversold up to {_oversold} and overbought from {_overbought} without divergence; these settings need other candles");
        }

        return _tracks.TryGetValue((symbol, options.RsiPeriod, options.VolumePeriod), out var track)
            ? track
            : throw new ArgumentException($"the indicator tape holds no {symbol} with RSI({options.RsiPeriod}) and a {options.VolumePeriod}-candle volume average");
    }

    /// <summary>One symbol's candidate candles in order: index in the series, open time, RSI and volume average.</summary>
    internal sealed class Track
    {
        private readonly string _symbol;
        private readonly int _count;
        private readonly Entry[] _entries;

        private Track(string symbol, int count, Entry[] entries)
        {
            _symbol = symbol;
            _count = count;
            _entries = entries;
        }

        public static Track Of(SymbolSeries series, int rsiPeriod, int volumePeriod, double volumeFactor, double oversold, double overbought)
        {
            var candles = series.Candles;
            var entries = new List<Entry>();
            var (rsi, average) = (new Rsi(rsiPeriod), new Sma(volumePeriod));
            for (var i = 0; i < candles.Count; i++)
            {
                var candle = candles[i];
                var r = rsi.Update(candle.OpenTimeMs, candle.Close);
                var a = average.Update(candle.OpenTimeMs, candle.Volume);

                // NaN compares false: no set-up during warm-up, as in the strategy; a negative average (never from valid
                // volumes) is kept, since a lower factor would not then be the weakest spike test
                if (a < 0 || (candle.Volume > volumeFactor * a && (r <= oversold || r >= overbought)))
                {
                    entries.Add(new Entry(i, candle.OpenTimeMs, r, a));
                }
            }

            return new Track(series.Symbol, candles.Count, [.. entries]);
        }

        /// <summary>
        /// RSI and volume average of the <paramref name="index"/>-th candle (from 0, opening at <paramref name="openTimeMs"/>)
        /// when it is a candidate, else NaN for both (no recorded setting sees a set-up there, and the strategy decides none
        /// on NaN). <paramref name="next"/> is the caller's position in the track (start at 0). Candidates are checked
        /// against their open time, so a tape of other candles is refused at its first candidate.
        /// </summary>
        /// <exception cref="InvalidOperationException">The tape was recorded from other candles.</exception>
        public (double Rsi, double Average) At(ref int next, long index, long openTimeMs)
        {
            if (next < _entries.Length && _entries[next].Index == index)
            {
                ref readonly var entry = ref _entries[next++];
                return entry.OpenTimeMs == openTimeMs
                    ? (entry.Rsi, entry.Average)
                    : throw Mismatch(index, openTimeMs, $"one at {WireNames.Time(entry.OpenTimeMs)}");
            }

            return index < _count ? (double.NaN, double.NaN) : throw Mismatch(index, openTimeMs, $"only {_count} candles");
        }

        private InvalidOperationException Mismatch(long index, long openTimeMs, string recorded) =>
            new($"indicator tape: {_symbol} candle {index} opens at {WireNames.Time(openTimeMs)}, the tape recorded {recorded}: it was recorded from other candles");

        private readonly record struct Entry(int Index, long OpenTimeMs, double Rsi, double Average);
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// The V5.2 Champion's indicator values on a set of candles — RSI and the volume average after each candle — recorded
/// once per symbol and per (RSI period, volume period) by the same indicator classes the strategy updates, so that a grid
/// search does not recompute them for every combination: they depend on the candles and those two periods only, never on
/// the thresholds, the exits or trading. A <see cref="ChampionStrategy"/> given a track reads the value of its n-th candle
/// instead of computing it and decides with the same code (<see cref="MacroTape"/> does the same for the macro decisions).
/// </summary>
internal sealed class IndicatorTape
{
    private readonly Dictionary<(string Symbol, int RsiPeriod, int VolumePeriod), Track> _tracks;

    private IndicatorTape(Dictionary<(string Symbol, int RsiPeriod, int VolumePeriod), Track> tracks) => _tracks = tracks;

    /// <summary>Records every symbol of <paramref name="series"/> for each distinct pair of periods among <paramref name="settings"/>.</summary>
    public static IndicatorTape Record(IReadOnlyList<SymbolSeries> series, IEnumerable<ChampionOptions> settings)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        var tracks = new Dictionary<(string Symbol, int RsiPeriod, int VolumePeriod), Track>();
        foreach (var (rsiPeriod, volumePeriod) in settings.Select(o => (o.RsiPeriod, o.VolumePeriod)).Distinct())
        {
            foreach (var s in series)
            {
                tracks[(s.Symbol, rsiPeriod, volumePeriod)] = Track.Of(s, rsiPeriod, volumePeriod);
            }
        }

        return new IndicatorTape(tracks);
    }

    /// <summary>The track of <paramref name="symbol"/> under <paramref name="options"/>' periods.</summary>
    /// <exception cref="ArgumentException">The tape has no such symbol or was recorded with other periods.</exception>
    public Track For(string symbol, ChampionOptions options) =>
        _tracks.TryGetValue((symbol, options.RsiPeriod, options.VolumePeriod), out var track)
            ? track
            : throw new ArgumentException($"the indicator tape holds no {symbol} with RSI({options.RsiPeriod}) and a {options.VolumePeriod}-candle volume average");

    /// <summary>One symbol's values, candle by candle, with each candle's open time.</summary>
    internal sealed class Track
    {
        private readonly string _symbol;
        private readonly long[] _times;
        private readonly double[] _rsi;
        private readonly double[] _average;

        private Track(string symbol, long[] times, double[] rsi, double[] average)
        {
            _symbol = symbol;
            _times = times;
            _rsi = rsi;
            _average = average;
        }

        public static Track Of(SymbolSeries series, int rsiPeriod, int volumePeriod)
        {
            var candles = series.Candles;
            var (times, rsiValues, averages) = (new long[candles.Count], new double[candles.Count], new double[candles.Count]);
            var (rsi, average) = (new Rsi(rsiPeriod), new Sma(volumePeriod));
            for (var i = 0; i < candles.Count; i++)
            {
                var candle = candles[i];
                times[i] = candle.OpenTimeMs;
                rsiValues[i] = rsi.Update(candle.OpenTimeMs, candle.Close);
                averages[i] = average.Update(candle.OpenTimeMs, candle.Volume);
            }

            return new Track(series.Symbol, times, rsiValues, averages);
        }

        /// <summary>RSI and volume average after the <paramref name="index"/>-th candle (from 0), which must open at <paramref name="openTimeMs"/>.</summary>
        /// <exception cref="InvalidOperationException">The tape was recorded from other candles.</exception>
        public (double Rsi, double Average) At(long index, long openTimeMs)
        {
            if ((ulong)index >= (ulong)_times.Length || _times[index] != openTimeMs)
            {
                throw new InvalidOperationException(
                    $"indicator tape: {_symbol} candle {index} opens at {WireNames.Time(openTimeMs)}, the tape recorded "
                    + ((ulong)index < (ulong)_times.Length ? WireNames.Time(_times[index]) : $"only {_times.Length} candles")
                    + ": it was recorded from other candles");
            }

            return (_rsi[index], _average[index]);
        }
    }
}

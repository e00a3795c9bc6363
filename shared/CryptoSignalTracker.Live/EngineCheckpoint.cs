using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The <see cref="LiveEngine"/>'s checkpoint and its rebuild: the watermark (the last decided minute), the origin (the
/// first), the journal of each minute's inputs (<see cref="MinuteInputs"/>), and the replay of the stored candles from
/// the origin to the watermark that brings an engine back to the state it had.
/// </summary>
internal sealed class EngineCheckpoint
{
    private const string WatermarkKey = LiveEngine.WatermarkKey;
    private const string OriginKey = LiveEngine.OriginKey;
    private const long MinuteMs = 60_000;
    private const long RebuildChunkMs = 24 * 60 * MinuteMs;

    private readonly ICandleStore _candles;
    private readonly IStateStore _state;
    private readonly IReadOnlyList<string> _symbols;

    /// <summary>Creates the checkpoint of the engine trading <paramref name="symbols"/> (ordinal order).</summary>
    public EngineCheckpoint(ICandleStore candles, IStateStore state, IReadOnlyList<string> symbols)
    {
        _candles = candles;
        _state = state;
        _symbols = symbols;
    }

    /// <summary>The stored watermark; null before the first decided minute.</summary>
    /// <exception cref="CorruptRecordException">The stored value is not a time.</exception>
    public Task<long?> ReadWatermarkAsync(CancellationToken cancellationToken) => ReadMsAsync(WatermarkKey, cancellationToken);

    /// <summary>The stored origin; null when none was written.</summary>
    /// <exception cref="CorruptRecordException">The stored value is not a time.</exception>
    public Task<long?> ReadOriginAsync(CancellationToken cancellationToken) => ReadMsAsync(OriginKey, cancellationToken);

    /// <summary>
    /// Records the decided minute <paramref name="minuteMs"/>: its inputs in the journal (when there are any), the origin
    /// when it is the <paramref name="first"/> decided minute, then the watermark.
    /// </summary>
    public async Task SaveAsync(long minuteMs, MinuteInputs inputs, bool first, CancellationToken cancellationToken)
    {
        if (!inputs.IsEmpty)
        {
            await _state.PutAsync(MinuteInputs.Collection, MinuteInputs.Key(minuteMs), inputs.ToJson(), cancellationToken).ConfigureAwait(false);
        }

        if (first)
        {
            await _state.TryCreateAsync(LiveEngine.StateCollection, OriginKey, Ms(minuteMs), cancellationToken).ConfigureAwait(false);
        }

        await _state.PutAsync(LiveEngine.StateCollection, WatermarkKey, Ms(minuteMs), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replays the decided minutes <paramref name="originMs"/>..<paramref name="watermarkMs"/> as they were decided: each
    /// minute's stored candles, less the symbols the journal says were missing, with the journalled inputs, in time
    /// order, to <paramref name="apply"/>. Returns the number of candles read.
    /// </summary>
    public async Task<int> ReplayAsync(long originMs, long watermarkMs, Action<Dictionary<string, Candle>, MinuteInputs> apply, CancellationToken cancellationToken)
    {
        var journal = new SortedDictionary<long, MinuteInputs>();
        foreach (var (key, json) in await _state.ListAsync(MinuteInputs.Collection, cancellationToken).ConfigureAwait(false))
        {
            if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds * 1000 is var ms && ms >= originMs && ms <= watermarkMs)
            {
                journal[ms] = MinuteInputs.FromJson(key, json);
            }
        }

        var count = 0;
        for (var from = originMs; from <= watermarkMs; from += RebuildChunkMs)
        {
            var to = Math.Min(from + RebuildChunkMs, watermarkMs + MinuteMs);
            var minutes = new SortedDictionary<long, Dictionary<string, Candle>>();
            foreach (var symbol in _symbols)
            {
                foreach (var candle in await _candles.ReadAsync(symbol, from, to, cancellationToken).ConfigureAwait(false))
                {
                    if (!minutes.TryGetValue(candle.OpenTimeMs, out var minute))
                    {
                        minute = new Dictionary<string, Candle>(StringComparer.Ordinal);
                        minutes.Add(candle.OpenTimeMs, minute);
                    }

                    minute[symbol] = candle;
                    count++;
                }
            }

            foreach (var (minuteMs, candles) in minutes)
            {
                var inputs = journal.GetValueOrDefault(minuteMs) ?? new MinuteInputs();
                foreach (var symbol in inputs.Missing)
                {
                    candles.Remove(symbol);
                }

                apply(candles, inputs);
            }
        }

        return count;
    }

    /// <summary>The stored candles past the watermark, per symbol (their events may have been taken before a restart).</summary>
    public async Task<List<(string Symbol, Candle Candle)>> ReadUndecidedAsync(long watermarkMs, CancellationToken cancellationToken)
    {
        var undecided = new List<(string Symbol, Candle Candle)>();
        foreach (var symbol in _symbols)
        {
            foreach (var candle in await _candles.ReadAsync(symbol, watermarkMs + MinuteMs, watermarkMs + RebuildChunkMs, cancellationToken).ConfigureAwait(false))
            {
                undecided.Add((symbol, candle));
            }
        }

        return undecided;
    }

    private async Task<long?> ReadMsAsync(string key, CancellationToken cancellationToken)
    {
        var text = await _state.GetAsync(LiveEngine.StateCollection, key, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : throw new CorruptRecordException($"{LiveEngine.StateCollection}/{key}", $"'{text}' is not a time in Unix milliseconds");
    }

    private static string Ms(long ms) => ms.ToString(CultureInfo.InvariantCulture);
}

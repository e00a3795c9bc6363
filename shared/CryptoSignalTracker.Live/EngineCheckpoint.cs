using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The <see cref="LiveEngine"/>'s checkpoint and its rebuild: the watermark (the last decided minute), the origin (the
/// first), the journal of each minute's inputs (<see cref="MinuteInputs"/>), the periodic snapshots of the engine's state
/// (<see cref="EngineSnapshot"/>), and the replay of the stored candles from a snapshot (or the origin) to the watermark
/// that brings an engine back to the state it had. Once a snapshot is written, the snapshots beyond the newest
/// <c>kept</c> and the journal entries at or before the oldest kept snapshot are deleted: no rebuild reads them again.
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

    private readonly int _kept;

    /// <summary>Creates the checkpoint of the engine trading <paramref name="symbols"/> (ordinal order), keeping <paramref name="kept"/> snapshots.</summary>
    public EngineCheckpoint(ICandleStore candles, IStateStore state, IReadOnlyList<string> symbols, int kept)
    {
        _candles = candles;
        _state = state;
        _symbols = symbols;
        _kept = kept;
    }

    /// <summary>The stored snapshots at or before <paramref name="watermarkMs"/>, newest first, as stored (key, JSON).</summary>
    public async Task<List<(long MinuteMs, string Key, string Json)>> ListSnapshotsAsync(long watermarkMs, CancellationToken cancellationToken)
    {
        var snapshots = new List<(long MinuteMs, string Key, string Json)>();
        foreach (var (key, json) in await _state.ListAsync(EngineSnapshot.Collection, cancellationToken).ConfigureAwait(false))
        {
            if (EngineSnapshot.MinuteOf(key) is { } minuteMs && minuteMs <= watermarkMs)
            {
                snapshots.Add((minuteMs, key, json));
            }
        }

        snapshots.Sort((a, b) => b.MinuteMs.CompareTo(a.MinuteMs));
        return snapshots;
    }

    /// <summary>
    /// Stores the snapshot <paramref name="json"/> of <paramref name="minuteMs"/>, then deletes the snapshots older than
    /// the newest kept ones and the journal entries at or before the oldest snapshot kept. Returns how many entries it
    /// deleted.
    /// </summary>
    public async Task<int> SaveSnapshotAsync(long minuteMs, string json, CancellationToken cancellationToken)
    {
        await _state.PutAsync(EngineSnapshot.Collection, EngineSnapshot.Key(minuteMs), json, cancellationToken).ConfigureAwait(false);
        var minutes = new List<(long MinuteMs, string Key)>();
        foreach (var (key, _) in await _state.ListAsync(EngineSnapshot.Collection, cancellationToken).ConfigureAwait(false))
        {
            minutes.Add((EngineSnapshot.MinuteOf(key) ?? long.MinValue, key));
        }

        minutes.Sort((a, b) => b.MinuteMs.CompareTo(a.MinuteMs));
        var deleted = 0;
        foreach (var (_, key) in minutes.Skip(_kept))
        {
            deleted += await _state.TryDeleteAsync(EngineSnapshot.Collection, key, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        if (minutes.Count >= _kept)
        {
            var oldestKeptMs = minutes[_kept - 1].MinuteMs;
            foreach (var (key, _) in await _state.ListAsync(MinuteInputs.Collection, cancellationToken).ConfigureAwait(false))
            {
                if (EngineSnapshot.MinuteOf(key) is { } journalMs && journalMs <= oldestKeptMs)
                {
                    deleted += await _state.TryDeleteAsync(MinuteInputs.Collection, key, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
            }
        }

        return deleted;
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
    /// order, to <paramref name="apply"/>; after each day read, <paramref name="dayDone"/> (when given) with its last
    /// minute. Returns the number of candles read.
    /// </summary>
    public async Task<int> ReplayAsync(long originMs, long watermarkMs, Action<Dictionary<string, Candle>, MinuteInputs> apply, CancellationToken cancellationToken, Func<long, Task>? dayDone = null)
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

            if (dayDone is not null)
            {
                await dayDone(to - MinuteMs).ConfigureAwait(false);
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

namespace CryptoSignalTracker.Core.Health;

/// <summary>
/// What one stage records as it works: events, corrections, dead letters and rejections are counted in memory and written
/// to its <see cref="StageHealthStore"/> record at most once per <see cref="Interval"/> (coalesced), in the background.
/// Recording never waits on the store and never throws: a failed write is reported to the <c>failed</c> callback (the
/// caller logs it) and its counts are kept for the next write. <see cref="FlushAsync"/> (and disposing) writes what is pending.
/// </summary>
/// <remarks>
/// Cost on Firestore: a write is one document read and one document write. A stage busy every minute with the default
/// interval of 60 s writes at most 1,440 times a day, 43,200 a month (30 days); an idle stage writes nothing.
/// </remarks>
public sealed class StageHeartbeatRecorder : IAsyncDisposable
{
    /// <summary>The default: at most one write per stage per 60 seconds.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    private readonly StageHealthStore _store;
    private readonly TimeProvider _time;
    private readonly Action<Exception>? _failed;
    private readonly Func<long>? _rejectedTotal;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private Pending _pending = new();
    private long _rejectedSeen;
    private long _lastWriteStartMs = long.MinValue;
    private long _writes;

    /// <summary>Creates the recorder of <paramref name="stage"/>.</summary>
    /// <param name="stage">The stage (<see cref="PipelineStages"/>).</param>
    /// <param name="store">Where its record lives.</param>
    /// <param name="time">The wall clock (event times, the write interval).</param>
    /// <param name="failed">Told about a write that failed (log it); the stage goes on.</param>
    /// <param name="interval">At most one write per this; default <see cref="DefaultInterval"/>; zero writes on every record.</param>
    /// <param name="note">What stands in for the stage (e.g. a replay of candle files), stored with its record.</param>
    /// <param name="rejectedTotal">The process's running total of inputs this stage refused (e.g. from <see cref="Validation.Rejections.Total"/>); the increase since the last write is added.</param>
    public StageHeartbeatRecorder(
        string stage, StageHealthStore store, TimeProvider? time = null, Action<Exception>? failed = null, TimeSpan? interval = null,
        string? note = null, Func<long>? rejectedTotal = null)
    {
        Ports.StoreNames.Validate(stage, nameof(stage));
        Stage = stage;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? TimeProvider.System;
        _failed = failed;
        Interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.Zero, nameof(interval));
        Note = note;
        _rejectedTotal = rejectedTotal;
        _rejectedSeen = rejectedTotal?.Invoke() ?? 0;
    }

    /// <summary>The stage.</summary>
    public string Stage { get; }

    /// <summary>At most one write per this.</summary>
    public TimeSpan Interval { get; }

    /// <summary>What stands in for the stage (stored with its record from the next write on); null: the stage itself.</summary>
    public string? Note { get; set; }

    /// <summary>Writes that reached the store.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>The stage handled something whose exchange time is <paramref name="exchangeTimeMs"/> (null when it has none); a correction when <paramref name="correction"/>.</summary>
    public void Event(long? exchangeTimeMs, bool correction = false) => Record(p =>
    {
        p.Events++;
        p.Corrections += correction ? 1 : 0;
        p.ExchangeTimeMs = exchangeTimeMs is { } t && (p.ExchangeTimeMs is null || t > p.ExchangeTimeMs) ? t : p.ExchangeTimeMs;
        p.LastEventMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
    });

    /// <summary>The stage sent a correction (a closed minute rewritten by late trades) as part of an event counted on its own.</summary>
    public void Correction() => Record(p => p.Corrections++);

    /// <summary>A message of this stage went to its dead-letter topic.</summary>
    public void DeadLetter() => Record(p =>
    {
        p.DeadLetters++;
        p.LastDeadLetterMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
    });

    /// <summary>Writes what is pending now (waiting for a write under way). Never throws (a failure goes to the callback).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        await WriteHeldAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        _writing.Dispose();
    }

    private void Record(Action<Pending> change)
    {
        bool due;
        lock (_lock)
        {
            change(_pending);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            due = _lastWriteStartMs == long.MinValue || now - _lastWriteStartMs >= (long)Interval.TotalMilliseconds;
        }

        if (due && _writing.Wait(0))
        {
            // In the background: the stage's own work never waits on the store.
            _ = Task.Run(() => WriteHeldAsync(CancellationToken.None));
        }
    }

    /// <summary>Writes the pending counts; the caller holds <see cref="_writing"/>, released here.</summary>
    private async Task WriteHeldAsync(CancellationToken cancellationToken)
    {
        Pending taken;
        long rejectedTotal;
        try
        {
            lock (_lock)
            {
                rejectedTotal = _rejectedTotal?.Invoke() ?? 0;
                taken = _pending;
                taken.Rejected += rejectedTotal - _rejectedSeen;
                _rejectedSeen = rejectedTotal;
                _pending = new Pending();
                _lastWriteStartMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            }

            if (taken.IsEmpty)
            {
                return;
            }

            try
            {
                await _store.AddAsync(taken.ToRecord(Stage, Note, _lastWriteStartMs), cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _writes);
            }
            catch (Exception e)
            {
                lock (_lock)
                {
                    _pending.Merge(taken); // written with the next one
                }

                if (e is not OperationCanceledException)
                {
                    _failed?.Invoke(e);
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private sealed class Pending
    {
        public long? LastEventMs { get; set; }

        public long? ExchangeTimeMs { get; set; }

        public long Events { get; set; }

        public long DeadLetters { get; set; }

        public long Rejected { get; set; }

        public long Corrections { get; set; }

        public long? LastDeadLetterMs { get; set; }

        public bool IsEmpty => Events == 0 && DeadLetters == 0 && Rejected == 0 && Corrections == 0;

        public void Merge(Pending older)
        {
            LastEventMs ??= older.LastEventMs;
            ExchangeTimeMs = ExchangeTimeMs is null ? older.ExchangeTimeMs : older.ExchangeTimeMs is null ? ExchangeTimeMs : Math.Max(ExchangeTimeMs.Value, older.ExchangeTimeMs.Value);
            LastDeadLetterMs ??= older.LastDeadLetterMs;
            Events += older.Events;
            DeadLetters += older.DeadLetters;
            Rejected += older.Rejected;
            Corrections += older.Corrections;
        }

        public StageHeartbeat ToRecord(string stage, string? note, long nowMs) =>
            new(stage, LastEventMs, ExchangeTimeMs, Events, DeadLetters, Rejected, Corrections, LastDeadLetterMs, note, nowMs);
    }
}

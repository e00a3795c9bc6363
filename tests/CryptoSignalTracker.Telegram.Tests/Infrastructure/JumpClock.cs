namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>
/// Virtual time that never waits: a timer created for a delay moves the clock to its due time and fires at once.
/// Rate-limiter waits, Polly backoffs and retry_after pauses therefore cost no real time, and the clock shows
/// exactly how much time they would have taken.
/// </summary>
public sealed class JumpClock : TimeProvider
{
    private readonly Lock _lock = new();
    private long _ticks;

    /// <summary>Starts at <paramref name="start"/>.</summary>
    public JumpClock(DateTimeOffset start)
    {
        _ticks = start.UtcTicks;
    }

    /// <summary>Every delay requested through timers, in order.</summary>
    public List<TimeSpan> Delays { get; } = [];

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return new DateTimeOffset(_ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _ticks += by.Ticks;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Jump(TimeSpan due)
    {
        lock (_lock)
        {
            Delays.Add(due);
            _ticks += due.Ticks;
        }
    }

    private sealed class JumpTimer(JumpClock clock, TimerCallback callback, object? state) : ITimer
    {
        private int _fired;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan || Interlocked.Exchange(ref _fired, 1) == 1)
            {
                return true;
            }

            clock.Jump(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return true;
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _fired, 1);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

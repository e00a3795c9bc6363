namespace CryptoSignalTracker.Telegram.Sending;

/// <summary>
/// The token buckets of the send queue, as reservations: each message gets the earliest send time that is at least
/// one chat interval after the chat's previous message (<see cref="SendQueueOptions.PerChatInterval"/>, or
/// 60 s / <see cref="SendQueueOptions.PerGroupPerMinute"/> for groups) and at least 1 / <see cref="SendQueueOptions.GlobalPerSecond"/>
/// away from every other booked send. Global slots are kept as a set of booked times, so a chat held back far into
/// the future (a 429 penalty, a busy group) books a far slot without delaying other chats. No bucket allows a burst:
/// any window of length w holds at most ⌈w / interval⌉ messages of a bucket. Every interval carries one extra
/// millisecond for timer granularity (29/s becomes one send per 35.5 ms). Time comes from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class SendRateLimiter
{
    private const long TimerGranularityTicks = TimeSpan.TicksPerMillisecond;

    private readonly TimeProvider _time;
    private readonly long _globalTicks;
    private readonly long _chatTicks;
    private readonly long _groupTicks;
    private readonly Dictionary<long, long> _chatNext = [];
    private readonly SortedSet<long> _booked = [];
    private readonly Lock _lock = new();

    /// <summary>Creates the limiter.</summary>
    public SendRateLimiter(SendQueueOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        // Timers fire on whole milliseconds, so a send may go up to 1 ms after its slot; one extra millisecond per
        // interval keeps the spacing between actual sends at or above the configured interval.
        _globalTicks = (long)Math.Ceiling(TimeSpan.TicksPerSecond / options.GlobalPerSecond) + TimerGranularityTicks;
        _chatTicks = options.PerChatInterval.Ticks + TimerGranularityTicks;
        _groupTicks = (long)Math.Ceiling((double)TimeSpan.TicksPerMinute / options.PerGroupPerMinute) + TimerGranularityTicks;
    }

    /// <summary>True for group, supergroup and channel chat ids (Telegram gives them negative ids).</summary>
    public static bool IsGroup(long chatId) => chatId < 0;

    /// <summary>Reserves the next slot for a message to <paramref name="chatId"/>; returns how long to wait before sending.</summary>
    public TimeSpan Reserve(long chatId) => TimeSpan.FromTicks(Book(chatId));

    /// <summary>
    /// Reserves a slot for <paramref name="chatId"/> only if one is free within <paramref name="maxWait"/> (the chat's
    /// interval and the global rate both allowing); <paramref name="delay"/> is then how long to wait. False, and
    /// nothing booked, otherwise.
    /// </summary>
    public bool TryReserve(long chatId, TimeSpan maxWait, out TimeSpan delay)
    {
        var ticks = Book(chatId, Math.Max(0, maxWait.Ticks));
        delay = TimeSpan.FromTicks(ticks);
        return ticks <= maxWait.Ticks;
    }

    private long Book(long chatId, long maxWaitTicks = long.MaxValue)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var interval = IsGroup(chatId) ? Math.Max(_chatTicks, _groupTicks) : _chatTicks;
        lock (_lock)
        {
            _booked.RemoveWhere(t => t <= now - _globalTicks);
            var at = Math.Max(now, _chatNext.GetValueOrDefault(chatId));
            foreach (var slot in _booked.GetViewBetween(at - _globalTicks + 1, long.MaxValue))
            {
                if (slot >= at + _globalTicks)
                {
                    break; // the gap before this slot is wide enough
                }

                at = slot + _globalTicks;
            }

            if (at - now > maxWaitTicks)
            {
                return at - now;
            }

            _booked.Add(at);
            _chatNext[chatId] = at + interval;
            PruneIdle(now);
            return at - now;
        }
    }

    /// <summary>Reserves a slot (see <see cref="Reserve"/>) and waits for it in the limiter's time.</summary>
    public async Task WaitAsync(long chatId, CancellationToken cancellationToken)
    {
        var delay = Reserve(chatId);
        if (delay > TimeSpan.Zero)
        {
            // Round up: Task.Delay truncates to whole milliseconds, and a send must never go before its slot.
            delay = TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds));
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After a 429 for <paramref name="chatId"/>: nothing more goes to that chat for <paramref name="retryAfter"/>.</summary>
    public void Penalize(long chatId, TimeSpan retryAfter)
    {
        var until = _time.GetUtcNow().UtcTicks + Math.Max(0, retryAfter.Ticks);
        lock (_lock)
        {
            _chatNext[chatId] = Math.Max(_chatNext.GetValueOrDefault(chatId), until);
        }
    }

    private void PruneIdle(long now)
    {
        // Keep the per-chat table small: entries whose next free time has passed carry no information.
        const int PruneAbove = 10_000;
        if (_chatNext.Count > PruneAbove)
        {
            foreach (var (chat, next) in _chatNext.ToArray())
            {
                if (next <= now)
                {
                    _chatNext.Remove(chat);
                }
            }
        }
    }
}

using System.Diagnostics;
using CryptoSignalTracker.Pipeline.Tests;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// When each trade frame of the fake Bybit went out: a dedicated thread reads <see cref="FakeBybitServer.FramesSent"/>
/// (incremented right after a frame's send completes) every millisecond and stamps each new count with the wall clock
/// (<see cref="DateTime.UtcNow"/>, the clock the Pub/Sub emulator's publish times are in). A stamp is late by at most
/// one polling period, which is measured and reported.
/// </summary>
public sealed class FrameClock : IDisposable
{
    private readonly FakeBybitServer _server;
    private readonly long[] _sentTicks;
    private readonly long[] _boundTicks;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _polls;
    private long _maxGapTicks;
    private long _slowPolls;

    /// <summary>Starts polling <paramref name="server"/> for <paramref name="frames"/> frames.</summary>
    public FrameClock(FakeBybitServer server, int frames)
    {
        _server = server;
        _sentTicks = new long[frames + 1];
        _boundTicks = new long[frames + 1];
        _thread = new Thread(Poll) { IsBackground = true, Name = "frame-clock", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Polls made.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Polls that came more than <see cref="SlowPoll"/> after the previous one (the machine was busy).</summary>
    public long SlowPolls => Interlocked.Read(ref _slowPolls);

    /// <summary>What counts as a slow poll: 5 ms.</summary>
    public static readonly TimeSpan SlowPoll = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest time between two polls: the worst lateness of a stamp.</summary>
    public TimeSpan MaxPollGap => TimeSpan.FromTicks(Interlocked.Read(ref _maxGapTicks));

    /// <summary>When frame number <paramref name="frame"/> (1-based) had been sent, or null when not yet seen.</summary>
    public DateTime? SentAt(int frame)
    {
        var ticks = Volatile.Read(ref _sentTicks[frame]);
        return ticks == 0 ? null : new DateTime(ticks, DateTimeKind.Utc);
    }

    /// <summary>
    /// How late <see cref="SentAt"/> of frame <paramref name="frame"/> may be: the time between the poll that saw it
    /// and the one before (the frame went out in between). Larger than <see cref="SlowPoll"/> when the machine stalled.
    /// </summary>
    public TimeSpan StampBound(int frame) => TimeSpan.FromTicks(Volatile.Read(ref _boundTicks[frame]));

    /// <summary>Stops the thread.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Poll()
    {
        var seen = 0;
        var lastRead = Stopwatch.GetTimestamp();
        while (!_stop)
        {
            var read = Stopwatch.GetTimestamp();
            var sent = Math.Min(_server.FramesSent, _sentTicks.Length - 1);
            var gap = Stopwatch.GetElapsedTime(lastRead, read).Ticks;
            lastRead = read;
            if (sent > seen)
            {
                var now = DateTime.UtcNow.Ticks;
                for (var k = seen + 1; k <= sent; k++)
                {
                    Volatile.Write(ref _boundTicks[k], gap);
                    Volatile.Write(ref _sentTicks[k], now);
                }

                seen = sent;
            }

            if (gap > SlowPoll.Ticks)
            {
                Interlocked.Increment(ref _slowPolls);
            }

            if (gap > _maxGapTicks)
            {
                Interlocked.Exchange(ref _maxGapTicks, gap);
            }

            Interlocked.Increment(ref _polls);
            Thread.Sleep(1);
        }
    }
}

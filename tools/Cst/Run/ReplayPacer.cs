using System.Diagnostics;

namespace CryptoSignalTracker.Cli.Run;

/// <summary><c>--speed N</c>: holds a replay back so data time runs N times faster than the wall clock (0 = no pacing).</summary>
internal sealed class ReplayPacer(double speed)
{
    private long _startDataMs = long.MinValue;
    private long _startTicks;

    /// <summary>Waits until the wall clock has caught up with data time <paramref name="dataMs"/>.</summary>
    public async Task WaitUntilAsync(long dataMs, CancellationToken cancellationToken)
    {
        if (speed <= 0)
        {
            return;
        }

        if (_startDataMs == long.MinValue)
        {
            _startDataMs = dataMs;
            _startTicks = Stopwatch.GetTimestamp();
            return;
        }

        var due = TimeSpan.FromMilliseconds((dataMs - _startDataMs) / speed);
        var wait = due - Stopwatch.GetElapsedTime(_startTicks);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }
}

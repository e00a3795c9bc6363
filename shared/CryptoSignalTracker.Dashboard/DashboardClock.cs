using System.Globalization;
using CryptoSignalTracker.Live;

namespace CryptoSignalTracker.Dashboard;

/// <summary>The dashboard's "now": the wall clock while the run is live, the run's last decided minute once it stopped.</summary>
internal static class DashboardClock
{
    private const long MinuteMs = 60_000;

    /// <summary>
    /// Now for <paramref name="sources"/>: the wall clock, or over a replay or a stopped run the close of the last minute
    /// its LogicEngine decided (its watermark + 1 minute); the wall clock when no minute was decided yet.
    /// </summary>
    public static async Task<DateTimeOffset> NowAsync(DashboardSources sources, CancellationToken cancellationToken)
    {
        var wall = sources.Time.GetUtcNow();
        if (sources.Mode == DashboardMode.Live)
        {
            return wall;
        }

        var text = await sources.State.GetAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, cancellationToken).ConfigureAwait(false);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var watermarkMs)
            ? DateTimeOffset.FromUnixTimeMilliseconds(watermarkMs + MinuteMs)
            : wall;
    }
}

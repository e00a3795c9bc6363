namespace CryptoSignalTracker.Cli.Tests.Soak;

/// <summary>
/// The faults of one soak, drawn from a seed (the same seed gives the same schedule): SIGKILLs of <c>cst run</c> (then
/// a restart on the same store), socket drops (each skipping trades the feed never pushes; the Ingestor gets them back
/// from the recent-trades endpoint), duplicated frames, windows where one symbol's feed runs minutes behind, a second
/// <c>cst run</c> started on the same store while the first is alive (two LogicEngines at once), and one malformed frame
/// on every connection (the injected bad input).
/// </summary>
internal sealed record SoakPlan(
    int Seed,
    IReadOnlyList<int> KillAfterFrames,
    IReadOnlySet<int> DropAfterFrames,
    int MissedOnDrop,
    IReadOnlySet<int> DuplicateFrames,
    IReadOnlyList<SoakLag> Lags,
    IReadOnlyList<int> SecondInstanceAfterFrames)
{
    /// <summary>
    /// A malformed push (a trade with a negative price) the fake sends first on every connection: it must be refused
    /// with a reason, and nothing of it stored.
    /// </summary>
    public const string MalformedFrame =
        """{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1748624400003,"data":[{"T":1748624400000,"s":"BTCUSDT","S":"Buy","v":"0.5","p":"-1","L":"PlusTick","i":"00000000-0000-0000-0000-00000000bad1","BT":false,"RPI":false,"seq":1}]}""";

    /// <summary>
    /// The schedule for <paramref name="series"/>: one kill per <paramref name="daysPerKill"/> simulated days (at least
    /// one), a socket drop per simulated day, about one frame in 500 duplicated, one lag window per 3.5 simulated days
    /// (at least one) of 1 to 5 minutes for 30 to 180 minutes, and a second <c>cst run</c> on the same store per
    /// <paramref name="daysPerKill"/> simulated days (at least one) while the first is alive.
    /// </summary>
    public static SoakPlan Create(int seed, SoakSeries series, double daysPerKill)
    {
        var random = new Random(seed);
        var frames = series.Minutes * SoakSeries.Symbols.Count; // one push per symbol and minute
        var days = series.Minutes / 1440.0;
        var kills = Enumerable.Range(0, Math.Max(1, (int)(days / daysPerKill))).Select(_ => random.Next(frames / 20, frames - (frames / 20))).Order().ToList();
        var drops = Enumerable.Range(0, Math.Max(1, (int)days)).Select(_ => random.Next(frames / 20, frames - (frames / 20))).ToHashSet();
        var duplicates = Enumerable.Range(0, frames / 500).Select(_ => random.Next(1, frames)).ToHashSet();
        var lags = Enumerable.Range(0, Math.Max(1, (int)(days / 3.5))).Select(_ =>
        {
            var length = random.Next(30, 181);
            return new SoakLag(SoakSeries.Symbols[random.Next(SoakSeries.Symbols.Count)], random.Next(60, series.Minutes - length - 60), length, random.Next(1, 6));
        }).ToList();
        var missed = 4 * random.Next(1, 6);
        var seconds = Enumerable.Range(0, Math.Max(1, (int)(days / daysPerKill))).Select(_ => random.Next(frames / 20, frames - (frames / 20))).Order().ToList();
        return new SoakPlan(seed, kills, drops, missed, duplicates, lags, seconds);
    }

    /// <summary>One line per kind of fault.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"seed {Seed}: {KillAfterFrames.Count} SIGKILL + restart (after frames {string.Join(", ", KillAfterFrames)})";
        yield return $"{DropAfterFrames.Count} socket drops, {MissedOnDrop} trades skipped at each (to be recovered from /v5/market/recent-trade)";
        yield return $"{DuplicateFrames.Count} frames pushed twice";
        foreach (var lag in Lags)
        {
            yield return $"{lag.Symbol} {lag.LagMinutes} min behind for {lag.Minutes} min from minute {lag.FromMinute}, then caught up in a burst";
        }

        yield return $"{SecondInstanceAfterFrames.Count} second cst run(s) on the same store while the first is alive (after frames {string.Join(", ", SecondInstanceAfterFrames)}): each must be refused by the LogicEngine lease";
        yield return "one malformed frame (negative price) first on every connection";
    }
}

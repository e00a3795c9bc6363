namespace CryptoSignalTracker.Tests.Support;

/// <summary>Allocation checks that a hot path allocates nothing, robust to the runtime's own one-off allocations.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes this thread allocated over <paramref name="passes"/> runs of <paramref name="pass"/> (given the
    /// pass number). The runtime itself can allocate once on a thread while tiering a method up mid-loop (seen under a
    /// load average of 20); an allocation per item would show in every pass, so "the cleanest pass is 0" still proves
    /// the path allocation-free.
    /// </summary>
    public static long Fewest(int passes, Action<int> pass)
    {
        var fewest = long.MaxValue;
        for (var i = 0; i < passes; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            pass(i);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}

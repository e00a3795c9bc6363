namespace CryptoSignalTracker.Cli.Run;

/// <summary>A clock that reads the replayed data's time, so the Ingestor closes minutes as the trades move on.</summary>
internal sealed class ReplayClock : TimeProvider
{
    private long _nowMs;

    /// <summary>Moves the clock to <paramref name="unixMs"/> (never back).</summary>
    public void Set(long unixMs) => _nowMs = Math.Max(_nowMs, unixMs);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(_nowMs);
}

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>The windows of a walk-forward analysis.</summary>
public sealed record WalkForwardOptions
{
    /// <summary>Length of each in-sample window. Default 14 days.</summary>
    public TimeSpan InSample { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Length of each out-of-sample window (the last may be cut by the end of the data, down to half). Default 7 days.</summary>
    public TimeSpan OutOfSample { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How far each fold moves on. Default 7 days.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Every in-sample window starts at the first candle (it grows) instead of sliding. Default false.</summary>
    public bool Anchored { get; init; }

    /// <summary>How the in-sample winner is chosen. Default net PnL.</summary>
    public WalkForwardObjective Objective { get; init; } = WalkForwardObjective.NetPnl;

    /// <summary>Returns these options, or throws naming the bad one.</summary>
    /// <exception cref="ArgumentException">A window or the step is not a positive whole number of minutes.</exception>
    public WalkForwardOptions Validate()
    {
        foreach (var (name, value) in new[] { ("in-sample", InSample), ("out-of-sample", OutOfSample), ("step", Step) })
        {
            if (value < TimeSpan.FromMinutes(1) || value.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                throw new ArgumentException($"the {name} length {value} must be a positive whole number of minutes");
            }
        }

        return this;
    }
}

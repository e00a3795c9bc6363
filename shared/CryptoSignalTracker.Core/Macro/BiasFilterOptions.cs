namespace CryptoSignalTracker.Core.Macro;

/// <summary>How the macro bias filters MICRO signals.</summary>
public sealed record BiasFilterOptions
{
    /// <summary>A valid bias with at least this confidence allows only its own direction. Default 80.</summary>
    public double EngageAt { get; init; } = 80;

    /// <summary>With <see cref="Hysteresis"/>: an engaged filter releases only below this confidence. Default 70.</summary>
    public double ReleaseBelow { get; init; } = 70;

    /// <summary>
    /// Off (default): stateless, only confidence ≥ <see cref="EngageAt"/> restricts. On: true hysteresis, the
    /// filter engages at ≥ <see cref="EngageAt"/> and stays engaged until confidence falls below <see cref="ReleaseBelow"/>.
    /// </summary>
    public bool Hysteresis { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when the thresholds make no sense.</summary>
    public BiasFilterOptions Validate()
    {
        if (EngageAt is < 0 or > 100 || ReleaseBelow is < 0 or > 100 || ReleaseBelow > EngageAt)
        {
            throw new ArgumentException("bias filter: EngageAt and ReleaseBelow must be within 0-100 and ReleaseBelow <= EngageAt");
        }

        return this;
    }
}

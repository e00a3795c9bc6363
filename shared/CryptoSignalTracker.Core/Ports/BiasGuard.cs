using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>The argument checks every <see cref="IBiasStore"/> applies.</summary>
public static class BiasGuard
{
    /// <summary>Highest confidence.</summary>
    public const double MaxConfidence = 100;

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong with <paramref name="bias"/>.</summary>
    public static void Validate(MacroBias bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        if (!Symbols.IsWellFormed(bias.Symbol))
        {
            throw new ArgumentException($"macro bias: '{bias.Symbol}' is not a symbol", nameof(bias));
        }

        if (!Enum.IsDefined(bias.Side))
        {
            throw new ArgumentException($"macro bias {bias.Symbol}: side {bias.Side} is undefined", nameof(bias));
        }

        if (!(bias.Confidence is >= 0 and <= MaxConfidence))
        {
            throw new ArgumentException($"macro bias {bias.Symbol}: confidence {bias.Confidence} must be 0-{MaxConfidence}", nameof(bias));
        }

        if (bias.ExpiresAtMs < bias.PublishedAtMs)
        {
            throw new ArgumentException($"macro bias {bias.Symbol}: expires ({bias.ExpiresAtMs}) before it is published ({bias.PublishedAtMs})", nameof(bias));
        }
    }
}

namespace CryptoSignalTracker.Core.Tests.Indicators.Support;

/// <summary>The one tolerance indicator values are compared with.</summary>
public static class Tolerances
{
    /// <summary>Largest absolute difference allowed from an independently computed value.</summary>
    public const double Reference = 1e-9;
}

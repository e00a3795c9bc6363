namespace CryptoSignalTracker.Core.Domain;

/// <summary>Direction of a signal or position. Serialised as <c>LONG</c> / <c>SHORT</c>.</summary>
public enum Direction : byte
{
    /// <summary>Profit when the price rises.</summary>
    Long = 1,

    /// <summary>Profit when the price falls.</summary>
    Short = 2,
}

using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Risk;

/// <summary>The risk model's answer to an entry: a position to open, or the reason it was skipped.</summary>
/// <param name="Position">The position to open; null when skipped.</param>
/// <param name="SkipReason">Why the entry was skipped; null when accepted.</param>
public readonly record struct RiskDecision(Position? Position, string? SkipReason)
{
    /// <summary>True when the entry becomes a position.</summary>
    public bool Accepted => Position is not null;

    /// <summary>An accepted entry.</summary>
    public static RiskDecision Open(Position position) => new(position, null);

    /// <summary>A skipped entry with its reason.</summary>
    public static RiskDecision Skip(string reason) => new(null, reason);
}

using CryptoSignalTracker.Telegram.State;

namespace CryptoSignalTracker.Telegram.Notifications;

/// <summary>The result of <see cref="DeliveryClaims.TryAcquireAsync"/>.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Claim">The acquired claim, or the claim that decided the status; null for <see cref="ClaimStatus.Exhausted"/>.</param>
public sealed record ClaimResult(ClaimStatus Status, DeliveryClaim? Claim);

namespace CryptoSignalTracker.Telegram.State;

/// <summary>A single-use invite created by an owner with <c>/invite</c>.</summary>
/// <param name="Code">Six digits.</param>
/// <param name="CreatedBy">The owner's user id.</param>
/// <param name="CreatedAtMs">When (Unix ms UTC).</param>
/// <param name="ExpiresAtMs">After this the code no longer works (Unix ms UTC).</param>
public sealed record InviteCode(string Code, long CreatedBy, long CreatedAtMs, long ExpiresAtMs);

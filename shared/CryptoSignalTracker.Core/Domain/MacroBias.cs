namespace CryptoSignalTracker.Core.Domain;

/// <summary>The macro engine's view of a symbol, published on <c>macro-bias-updates</c>.</summary>
/// <param name="Symbol">Instrument.</param>
/// <param name="Side">Direction the macro rules favour.</param>
/// <param name="Confidence">0-100, from how strongly each macro condition holds.</param>
/// <param name="PublishedAtMs">When it was decided (Unix ms UTC).</param>
/// <param name="ExpiresAtMs">When it stops counting (published + 4 hours by default).</param>
/// <param name="Note">Optional plain-language note (e.g. from Gemini); never changes a signal.</param>
public sealed record MacroBias(string Symbol, Direction Side, double Confidence, long PublishedAtMs, long ExpiresAtMs, string? Note = null)
{
    /// <summary>True while the bias counts at <paramref name="nowMs"/>.</summary>
    public bool IsValidAt(long nowMs) => nowMs >= PublishedAtMs && nowMs < ExpiresAtMs;
}

namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>The outcome of parsing one frame with <see cref="BybitTradeFrameParser"/>.</summary>
/// <param name="Kind">What the frame was.</param>
/// <param name="TradeCount">Trades appended to the caller's buffer (0 unless <see cref="BybitFrameKind.Trades"/>).</param>
/// <param name="Detail">For <see cref="BybitFrameKind.Malformed"/> what was wrong, for <see cref="BybitFrameKind.SubscribeRejected"/>
/// Bybit's message, for <see cref="BybitFrameKind.Other"/> the topic or op, for a <see cref="BybitFrameKind.Trades"/> frame with
/// rejected trades the first rejection's reason; otherwise null.</param>
/// <param name="Rejected">Trades of a <see cref="BybitFrameKind.Trades"/> frame left out because they broke a rule (the rest are kept).</param>
public readonly record struct BybitFrame(BybitFrameKind Kind, int TradeCount = 0, string? Detail = null, int Rejected = 0)
{
    /// <summary>True for a malformed frame.</summary>
    public bool IsMalformed => Kind == BybitFrameKind.Malformed;
}

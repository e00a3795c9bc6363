namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>The outcome of parsing one frame with <see cref="BybitTradeFrameParser"/>.</summary>
/// <param name="Kind">What the frame was.</param>
/// <param name="TradeCount">Trades appended to the caller's buffer (0 unless <see cref="BybitFrameKind.Trades"/>).</param>
/// <param name="Detail">For <see cref="BybitFrameKind.Malformed"/> what was wrong, for <see cref="BybitFrameKind.SubscribeRejected"/>
/// Bybit's message, for <see cref="BybitFrameKind.Other"/> the topic or op; otherwise null.</param>
public readonly record struct BybitFrame(BybitFrameKind Kind, int TradeCount = 0, string? Detail = null)
{
    /// <summary>True for a malformed frame.</summary>
    public bool IsMalformed => Kind == BybitFrameKind.Malformed;
}

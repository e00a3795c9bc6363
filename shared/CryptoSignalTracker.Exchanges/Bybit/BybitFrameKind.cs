namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>What a Bybit v5 public websocket frame turned out to be.</summary>
public enum BybitFrameKind : byte
{
    /// <summary>A <c>publicTrade.{symbol}</c> push; its trades were appended to the caller's buffer.</summary>
    Trades = 1,

    /// <summary>A successful subscribe acknowledgement (<c>"op":"subscribe","success":true</c>).</summary>
    SubscribeAck = 2,

    /// <summary>A failed subscribe (<c>"success":false</c>); <see cref="BybitFrame.Detail"/> holds Bybit's <c>ret_msg</c>.</summary>
    SubscribeRejected = 3,

    /// <summary>A heartbeat reply: <c>"op":"pong"</c>, or <c>"op":"ping"</c> with <c>"ret_msg":"pong"</c>.</summary>
    Pong = 4,

    /// <summary>A well-formed frame this parser does not handle (another topic, an unsubscribe ack); <see cref="BybitFrame.Detail"/> names it.</summary>
    Other = 5,

    /// <summary>Not a valid frame; <see cref="BybitFrame.Detail"/> says what was wrong. No trades were appended.</summary>
    Malformed = 6,
}

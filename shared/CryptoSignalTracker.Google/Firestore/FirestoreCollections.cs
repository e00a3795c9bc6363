namespace CryptoSignalTracker.Google.Firestore;

/// <summary>The Firestore collections the stores use (see README, "Storage").</summary>
public static class FirestoreCollections
{
    /// <summary><c>macro_bias/{SYMBOL}</c>: the current macro bias of a symbol.</summary>
    public const string MacroBias = "macro_bias";

    /// <summary><c>positions/{signal id}</c>: open positions (MICRO and SWING).</summary>
    public const string Positions = "positions";

    /// <summary><c>open_micro/{SYMBOL}</c>: the lock naming the one open MICRO position of a symbol.</summary>
    public const string OpenMicro = "open_micro";

    /// <summary><c>closed_positions/{signal id}</c>: closed trades.</summary>
    public const string ClosedPositions = "closed_positions";

    /// <summary><c>alert_deliveries/{signal id}@{chat id}</c>: the Telegram message carrying a signal's alert in a chat.</summary>
    public const string AlertDeliveries = "alert_deliveries";

    /// <summary>
    /// <c>candles_1m/{SYMBOL}/minutes/{unix seconds}</c>: 1-minute candles when <c>CANDLE_STORE=firestore</c>
    /// (one subcollection per symbol, so a time range is one single-field range query: no composite index).
    /// </summary>
    public const string Candles = "candles_1m";

    /// <summary>Subcollection of a <see cref="Candles"/> document holding the symbol's minutes.</summary>
    public const string CandleMinutes = "minutes";

    /// <summary><c>state/{collection}/entries/{key}</c>: the generic state store's documents.</summary>
    public const string State = "state";

    /// <summary><c>leases/{name}</c>: single-writer leases (holder, fencing token, expiry).</summary>
    public const string Leases = "leases";

    /// <summary>Subcollection of a <see cref="State"/> document holding the entries.</summary>
    public const string StateEntries = "entries";
}

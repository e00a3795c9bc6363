namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// Which stored state is needed only for a while, and for how long: the state-store collections and idempotency scopes
/// whose entries get an expiry time when written (Firestore field <see cref="ExpiryField"/>, removed by the TTL policies
/// in terraform/firestore_ttl.tf; SQLite column <c>expires_at_ms</c>, removed by the pruning pass). Everything not named
/// here is kept: positions, closed trades, alert deliveries (an EXIT edits its ENTRY's alert however long the trade
/// runs), the LogicEngine's watermark and journal, bot chats and settings.
/// </summary>
public static class StateRetention
{
    /// <summary>The Firestore field holding a document's expiry (a timestamp; the TTL policies name it).</summary>
    public const string ExpiryField = "expire_at";

    /// <summary>
    /// How long an expiring entry is kept after its last write: 8 days, longer than Pub/Sub keeps an unacknowledged
    /// message (7 days), so no redelivery can arrive after the claim or intent that makes it harmless has gone.
    /// </summary>
    public static readonly TimeSpan RedeliveryWindow = TimeSpan.FromDays(8);

    /// <summary>
    /// State-store collections whose entries expire: the Aggregator's candle-event claims, the MacroEngine's swing
    /// intents (applied within minutes of their 5m close, or never), the Notifier's delivery claims, the bot's
    /// per-hour <c>/verify</c> attempt counters, the Firestore deletes' receipts.
    /// </summary>
    public static readonly IReadOnlySet<string> ExpiringCollections = new HashSet<string>(StringComparer.Ordinal)
    {
        "candle-events", "swing-intents", "tg_claims", "tg_verify_attempts", DeleteReceipts,
    };

    /// <summary>
    /// Receipts a Firestore delete writes in its own commit, so that a retried delete whose first answer was lost can
    /// tell its own applied delete from another caller's (one entry per delete; they expire like claims).
    /// </summary>
    public const string DeleteReceipts = "delete-receipts";

    /// <summary>Prefix of the Aggregator's per-minute partial collections (<c>partials.{SYMBOL}.{minute}</c>); left-overs of a crashed close expire.</summary>
    public const string PartialsPrefix = "partials.";

    /// <summary>Idempotency scopes whose claims expire (every scope: a claim only guards against redeliveries).</summary>
    public static readonly IReadOnlySet<string> ExpiringScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        IdempotencyScopes.EmittedSignals, IdempotencyScopes.Alerts, IdempotencyScopes.Exits, "telegram_updates",
    };

    /// <summary>How long an entry of state collection <paramref name="collection"/> is kept after a write; null = for good.</summary>
    public static TimeSpan? ForCollection(string collection) =>
        collection is not null && (ExpiringCollections.Contains(collection) || collection.StartsWith(PartialsPrefix, StringComparison.Ordinal))
            ? RedeliveryWindow
            : null;

    /// <summary>How long a claim in idempotency scope <paramref name="scope"/> is kept; null = for good.</summary>
    public static TimeSpan? ForScope(string scope) => scope is not null && ExpiringScopes.Contains(scope) ? RedeliveryWindow : null;

    /// <summary>The expiry (Unix ms) of an entry written at <paramref name="nowMs"/> that is kept <paramref name="retention"/>, or null.</summary>
    public static long? ExpiresAtMs(TimeSpan? retention, long nowMs) => retention is { } r ? nowMs + (long)r.TotalMilliseconds : null;
}

namespace CryptoSignalTracker.Core.Ports;

/// <summary>The scopes the pipeline claims keys in (each is a Firestore collection / SQLite scope value).</summary>
public static class IdempotencyScopes
{
    /// <summary>Signal ids whose signal has been published (LogicEngine, MacroEngine).</summary>
    public const string EmittedSignals = "emitted_signals";

    /// <summary>Signal ids whose Telegram alert has been sent (Notifier).</summary>
    public const string Alerts = "alerted_signals";

    /// <summary>Signal ids whose exit has been published.</summary>
    public const string Exits = "emitted_exits";
}

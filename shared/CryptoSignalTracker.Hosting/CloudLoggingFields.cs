namespace CryptoSignalTracker.Hosting;

/// <summary>Field names of the JSON log contract (docs/deploy.md "What the functions must log").</summary>
public static class CloudLoggingFields
{
    /// <summary>Cloud Logging severity.</summary>
    public const string Severity = "severity";

    /// <summary>The rendered message.</summary>
    public const string Message = "message";

    /// <summary>A fixed snake_case event name the log-based metrics filter on.</summary>
    public const string Event = "event";

    /// <summary>The function name, e.g. <c>Aggregator</c>.</summary>
    public const string Function = "function";

    /// <summary>The symbol a line is about.</summary>
    public const string Symbol = "symbol";

    /// <summary>The request's trace: <c>projects/P/traces/T</c>.</summary>
    public const string Trace = "logging.googleapis.com/trace";

    /// <summary>The request's span id.</summary>
    public const string SpanId = "logging.googleapis.com/spanId";

    /// <summary>The entry's labels.</summary>
    public const string Labels = "logging.googleapis.com/labels";
}

using CryptoSignalTracker.Google.Connection;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>Which Firestore database the stores use, and how transactions retry.</summary>
public sealed class FirestoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Firestore";

    /// <summary>Default <see cref="DatabaseId"/>.</summary>
    public const string DefaultDatabaseId = "(default)";

    /// <summary>Default <see cref="MaxTransactionAttempts"/>: 10.</summary>
    public const int DefaultMaxTransactionAttempts = 10;

    /// <summary>Default <see cref="TransactionInitialBackoff"/>: 50 ms.</summary>
    public static readonly TimeSpan DefaultTransactionInitialBackoff = TimeSpan.FromMilliseconds(50);

    /// <summary>Default <see cref="TransactionMaxBackoff"/>: 2 s.</summary>
    public static readonly TimeSpan DefaultTransactionMaxBackoff = TimeSpan.FromSeconds(2);

    /// <summary>Google Cloud project id. Required.</summary>
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>Database id. Default <c>(default)</c>.</summary>
    public string DatabaseId { get; set; } = DefaultDatabaseId;

    /// <summary>Attempts of a read-write transaction that keeps failing with ABORTED (contention). Default 10.</summary>
    public int MaxTransactionAttempts { get; set; } = DefaultMaxTransactionAttempts;

    /// <summary>Delay before retrying an aborted transaction; doubles each time (with jitter). Default 50 ms.</summary>
    public TimeSpan TransactionInitialBackoff { get; set; } = DefaultTransactionInitialBackoff;

    /// <summary>Longest delay between transaction attempts. Default 2 s.</summary>
    public TimeSpan TransactionMaxBackoff { get; set; } = DefaultTransactionMaxBackoff;

    /// <summary><c>projects/{p}/databases/{d}</c>.</summary>
    public string DatabaseName => $"projects/{ProjectId}/databases/{DatabaseId}";

    /// <summary><c>projects/{p}/databases/{d}/documents</c>, the parent of top-level collections.</summary>
    public string DocumentsRoot => DatabaseName + "/documents";

    /// <summary>
    /// The value of the <c>x-goog-request-params</c> routing header: <c>project_id=P</c> for the default database and
    /// <c>project_id=P&amp;database_id=D</c> for a named one (as Google's Firestore clients send it); without the
    /// database id the service routes a named database's calls to <c>(default)</c>.
    /// </summary>
    public string RoutingHeader => DatabaseId == DefaultDatabaseId
        ? GoogleRequestParams.Format(("project_id", ProjectId))
        : GoogleRequestParams.Format(("project_id", ProjectId), ("database_id", DatabaseId));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ProjectId) || ProjectId.Contains('/'))
        {
            throw new ArgumentException($"Firestore option {nameof(ProjectId)} '{ProjectId}' is required and may not contain '/'.", nameof(ProjectId));
        }

        if (string.IsNullOrWhiteSpace(DatabaseId) || DatabaseId.Contains('/'))
        {
            throw new ArgumentException($"Firestore option {nameof(DatabaseId)} '{DatabaseId}' is not a database id.", nameof(DatabaseId));
        }

        if (MaxTransactionAttempts < 1)
        {
            throw new ArgumentException($"Firestore option {nameof(MaxTransactionAttempts)} must be at least 1, was {MaxTransactionAttempts}.", nameof(MaxTransactionAttempts));
        }

        if (TransactionInitialBackoff <= TimeSpan.Zero || TransactionMaxBackoff < TransactionInitialBackoff)
        {
            throw new ArgumentException($"Firestore option {nameof(TransactionInitialBackoff)} must be positive and at most {nameof(TransactionMaxBackoff)}.", nameof(TransactionInitialBackoff));
        }
    }
}

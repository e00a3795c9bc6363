namespace CryptoSignalTracker.Google.Bigtable;

/// <summary>
/// Where the candle table lives and how writes are batched. Defaults are the original system's names
/// (instance <c>cryptotracker-bigtable</c>, table <c>market-data-1m</c>, family <c>market</c>).
/// </summary>
public sealed class BigtableCandleStoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Bigtable";

    /// <summary>Default <see cref="InstanceId"/>.</summary>
    public const string DefaultInstanceId = "cryptotracker-bigtable";

    /// <summary>Default <see cref="TableId"/>.</summary>
    public const string DefaultTableId = "market-data-1m";

    /// <summary>Default <see cref="FamilyName"/>.</summary>
    public const string DefaultFamilyName = "market";

    /// <summary>Default <see cref="RowsPerBatch"/>: 10,000 rows (at most 90,000 mutations, under the 100,000 limit).</summary>
    public const int DefaultRowsPerBatch = 10_000;

    /// <summary>Largest <see cref="RowsPerBatch"/>: 100,000 mutations per MutateRows over 9 mutations per row.</summary>
    public const int MaxRowsPerBatch = 11_111;

    /// <summary>Default <see cref="MaxConcurrentBatches"/>: 2.</summary>
    public const int DefaultMaxConcurrentBatches = 2;

    /// <summary>Default <see cref="MaxWriteAttempts"/> and <see cref="MaxReadAttempts"/>: 5.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>Default <see cref="GcMaxAge"/> for tables this project creates: 400 days.</summary>
    public static readonly TimeSpan DefaultGcMaxAge = TimeSpan.FromDays(400);

    /// <summary>Default <see cref="InitialBackoff"/>: 100 ms.</summary>
    public static readonly TimeSpan DefaultInitialBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>Default <see cref="MaxBackoff"/>: 5 s.</summary>
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Google Cloud project id. Required.</summary>
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>Bigtable instance id. Default <c>cryptotracker-bigtable</c>.</summary>
    public string InstanceId { get; set; } = DefaultInstanceId;

    /// <summary>Table id. Default <c>market-data-1m</c>.</summary>
    public string TableId { get; set; } = DefaultTableId;

    /// <summary>Column family holding the candle columns. Default <c>market</c>.</summary>
    public string FamilyName { get; set; } = DefaultFamilyName;

    /// <summary>App profile for routing on the real service; empty (default) = the instance's default profile.</summary>
    public string AppProfileId { get; set; } = string.Empty;

    /// <summary>Rows per MutateRows request. Default 10,000; 1 to <see cref="MaxRowsPerBatch"/>.</summary>
    public int RowsPerBatch { get; set; } = DefaultRowsPerBatch;

    /// <summary>MutateRows requests in flight at once for one write. Default 2.</summary>
    public int MaxConcurrentBatches { get; set; } = DefaultMaxConcurrentBatches;

    /// <summary>Attempts per batch (retrying only entries that failed with a retryable status). Default 5.</summary>
    public int MaxWriteAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>Attempts per read (a broken stream resumes after the last complete row). Default 5.</summary>
    public int MaxReadAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>Delay before the first retry, doubled each time up to <see cref="MaxBackoff"/>. Default 100 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = DefaultInitialBackoff;

    /// <summary>Longest delay between retries. Default 5 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = DefaultMaxBackoff;

    /// <summary>
    /// Deadline of each ReadRows / MutateRows attempt, null = the call settings' attempt timeout (30 s by default).
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>GC rule (max age) of the family when this project creates the table (dev/test). Default 400 days.</summary>
    public TimeSpan GcMaxAge { get; set; } = DefaultGcMaxAge;

    /// <summary><c>projects/{p}/instances/{i}</c>.</summary>
    public string InstanceName => $"projects/{ProjectId}/instances/{InstanceId}";

    /// <summary><c>projects/{p}/instances/{i}/tables/{t}</c>.</summary>
    public string TableName => $"{InstanceName}/tables/{TableId}";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(ProjectId), nameof(ProjectId), "is required");
        Require(!string.IsNullOrWhiteSpace(InstanceId) && !InstanceId.Contains('/'), nameof(InstanceId), $"'{InstanceId}' is not an instance id");
        Require(!string.IsNullOrWhiteSpace(TableId) && !TableId.Contains('/'), nameof(TableId), $"'{TableId}' is not a table id");
        Require(
            !string.IsNullOrEmpty(FamilyName) && FamilyName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            nameof(FamilyName),
            $"'{FamilyName}' must match [-_.a-zA-Z0-9]+");
        Require(RowsPerBatch is >= 1 and <= MaxRowsPerBatch, nameof(RowsPerBatch), $"must be 1-{MaxRowsPerBatch}, was {RowsPerBatch}");
        Require(MaxConcurrentBatches >= 1, nameof(MaxConcurrentBatches), $"must be at least 1, was {MaxConcurrentBatches}");
        Require(MaxWriteAttempts >= 1, nameof(MaxWriteAttempts), $"must be at least 1, was {MaxWriteAttempts}");
        Require(MaxReadAttempts >= 1, nameof(MaxReadAttempts), $"must be at least 1, was {MaxReadAttempts}");
        Require(InitialBackoff > TimeSpan.Zero && MaxBackoff >= InitialBackoff, nameof(InitialBackoff), "must be positive and at most MaxBackoff");
        Require(AttemptTimeout is null || AttemptTimeout > TimeSpan.Zero, nameof(AttemptTimeout), "must be positive");
        Require(GcMaxAge >= TimeSpan.FromMilliseconds(1), nameof(GcMaxAge), "must be at least 1 ms");
    }

    private static void Require(bool ok, string member, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"Bigtable option {member} {problem}.", member);
        }
    }
}

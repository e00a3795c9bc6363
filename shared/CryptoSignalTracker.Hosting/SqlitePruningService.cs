using CryptoSignalTracker.Embedded.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// On the embedded backend, runs the SQLite pruning pass (<see cref="SqlitePruner"/>) at start and then every
/// <see cref="Interval"/>, so expired claims, swing intents, partials and idempotency keys do not pile up — what
/// Firestore's TTL policies do on Google Cloud. A failed pass is logged and tried again at the next interval.
/// </summary>
public sealed class SqlitePruningService : BackgroundService
{
    /// <summary>How often the pass runs: hourly.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly SqlitePruner _pruner;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqlitePruningService> _logger;

    /// <summary>Creates the service on <paramref name="database"/>.</summary>
    public SqlitePruningService(SqliteDatabase database, TimeProvider timeProvider, ILogger<SqlitePruningService>? logger = null)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _pruner = new SqlitePruner(database, timeProvider);
        _logger = logger ?? NullLogger<SqlitePruningService>.Instance;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        do
        {
            try
            {
                var deleted = _pruner.Prune();
                _logger.LogInformation("Pruned {Deleted} expired state entries and claims from the SQLite store", deleted);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Core.Ports.StoreException)
            {
                _logger.LogWarning(e, "Pruning the SQLite store failed; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

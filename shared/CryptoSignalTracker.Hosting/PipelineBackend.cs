using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Google.PubSub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// Registers the ports (<see cref="IMessageBus"/>, <see cref="ICandleStore"/>, <see cref="IStateStore"/>,
/// <see cref="IIdempotencyStore"/>, <see cref="IWriterLeaseStore"/>, <see cref="IPositionBook"/>, <see cref="IBiasStore"/>, <see cref="IAlertLog"/>)
/// on Google Cloud (Pub/Sub, Bigtable, Firestore; emulators when <c>*_EMULATOR_HOST</c> is set) or embedded
/// (in-process bus, one SQLite file). Every client is a lazy singleton: nothing connects before first use, so the
/// host listens on <c>$PORT</c> at once.
/// </summary>
/// <remarks>
/// Configuration: <c>CST_BACKEND</c> = <c>google</c> | <c>embedded</c> (default google when
/// <c>GOOGLE_CLOUD_PROJECT</c> is set, else embedded); <c>GOOGLE_CLOUD_PROJECT</c>; <c>BIGTABLE_INSTANCE</c>
/// (default cryptotracker-bigtable); <c>BIGTABLE_TABLE</c> (default market-data-1m); <c>CANDLE_STORE</c> =
/// <c>bigtable</c> (default) | <c>firestore</c> (Google only: candles as Firestore documents, no Bigtable node to pay
/// for; Terraform's <c>candle_store</c>); <c>CST_SQLITE_PATH</c> (default cst.db).
/// </remarks>
public static class PipelineBackend
{
    /// <summary>Configuration key choosing the backend.</summary>
    public const string BackendKey = "CST_BACKEND";

    /// <summary>Configuration key of the SQLite file (embedded).</summary>
    public const string SqlitePathKey = "CST_SQLITE_PATH";

    /// <summary>Default SQLite file.</summary>
    public const string DefaultSqlitePath = "cst.db";

    /// <summary>Configuration key choosing where candles live on Google Cloud.</summary>
    public const string CandleStoreKey = "CANDLE_STORE";

    /// <summary>True when <paramref name="configuration"/> keeps the candles in Firestore instead of Bigtable.</summary>
    /// <exception cref="InvalidOperationException">CANDLE_STORE is neither bigtable nor firestore (names the value).</exception>
    public static bool UsesFirestoreCandles(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[CandleStoreKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "bigtable" => false,
            "firestore" => true,
            var other => throw new InvalidOperationException($"{CandleStoreKey} '{other}' must be bigtable or firestore"),
        };
    }

    /// <summary>True when <paramref name="configuration"/> selects Google Cloud.</summary>
    /// <exception cref="InvalidOperationException">CST_BACKEND is neither google nor embedded, or google without a project.</exception>
    public static bool UsesGoogle(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var project = configuration["GOOGLE_CLOUD_PROJECT"];
        var backend = configuration[BackendKey];
        var google = backend switch
        {
            null or "" => !string.IsNullOrEmpty(project),
            "google" => true,
            "embedded" => false,
            _ => throw new InvalidOperationException($"{BackendKey} '{backend}' must be google or embedded"),
        };
        return !google || !string.IsNullOrEmpty(project)
            ? google
            : throw new InvalidOperationException($"{BackendKey}=google needs GOOGLE_CLOUD_PROJECT");
    }

    /// <summary>Adds the ports for the backend <paramref name="configuration"/> selects.</summary>
    public static IServiceCollection AddPipelineBackend(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(TimeProvider.System);
        if (UsesGoogle(configuration))
        {
            var project = configuration["GOOGLE_CLOUD_PROJECT"]!;
            services.AddSingleton(sp => new GoogleChannelFactory(
                new GoogleConnectionSettings { EnvironmentReader = name => configuration[name] },
                sp.GetService<ILogger<GoogleChannelFactory>>()));
            services.AddSingleton<IMessageBus>(sp => new PubSubMessageBus(
                // Low-latency publishing (1 ms batching window, not 10 ms): every hop of the pipeline publishes a few
                // messages a second at most, so a wider window only adds delay to each candle and signal.
                sp.GetRequiredService<GoogleChannelFactory>(), new PubSubMessageBusOptions { ProjectId = project, Publisher = PubSubPublisher.Settings.LowLatency },
                sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
            if (UsesFirestoreCandles(configuration))
            {
                services.AddSingleton<ICandleStore>(sp => new FirestoreCandleStore(sp.GetRequiredService<FirestoreDatabase>()));
            }
            else
            {
                services.AddSingleton(_ => new BigtableCandleStoreOptions
                {
                    ProjectId = project,
                    InstanceId = Or(configuration["BIGTABLE_INSTANCE"], BigtableCandleStoreOptions.DefaultInstanceId),
                    TableId = Or(configuration["BIGTABLE_TABLE"], BigtableCandleStoreOptions.DefaultTableId),
                });
                services.AddSingleton<ICandleStore>(sp => new BigtableCandleStore(
                    sp.GetRequiredService<GoogleChannelFactory>(), sp.GetRequiredService<BigtableCandleStoreOptions>(), null,
                    sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<BigtableCandleStore>>()));
            }

            services.AddSingleton(sp => new FirestoreDatabase(
                sp.GetRequiredService<GoogleChannelFactory>(), new FirestoreOptions { ProjectId = project }, null,
                sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<FirestoreDatabase>>()));
            services.AddSingleton<IStateStore>(sp => new FirestoreStateStore(sp.GetRequiredService<FirestoreDatabase>()));
            services.AddSingleton<IIdempotencyStore>(sp => new FirestoreIdempotencyStore(sp.GetRequiredService<FirestoreDatabase>()));
            services.AddSingleton<IWriterLeaseStore>(sp => new FirestoreWriterLeaseStore(sp.GetRequiredService<FirestoreDatabase>()));
            services.AddSingleton<IPositionBook>(sp => new FirestorePositionBook(sp.GetRequiredService<FirestoreDatabase>()));
            services.AddSingleton<IBiasStore>(sp => new FirestoreBiasStore(sp.GetRequiredService<FirestoreDatabase>()));
            services.AddSingleton<IAlertLog>(sp => new FirestoreAlertLog(sp.GetRequiredService<FirestoreDatabase>()));
            return services;
        }

        services.AddSingleton(_ => new SqliteDatabase(Or(configuration[SqlitePathKey], DefaultSqlitePath)));
        services.AddSingleton<IMessageBus>(sp => new InProcessMessageBus(null, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<InProcessMessageBus>>()));
        services.AddSingleton<ICandleStore>(sp => new SqliteCandleStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IStateStore>(sp => new SqliteStateStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IIdempotencyStore>(sp => new SqliteIdempotencyStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IWriterLeaseStore>(sp => new SqliteWriterLeaseStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => new SqlitePruningService(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<SqlitePruningService>>()));
        services.AddSingleton<IPositionBook>(sp => new SqlitePositionBook(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IBiasStore>(sp => new SqliteBiasStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IAlertLog>(sp => new SqliteAlertLog(sp.GetRequiredService<SqliteDatabase>()));
        return services;
    }

    private static string Or(string? value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;
}

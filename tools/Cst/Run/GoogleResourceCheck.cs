using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>
/// What <c>cst run --backend gcp</c> checks before any message flows: the Bigtable candle table and its column family
/// (topics and subscriptions are made by the bus as the pipeline wires itself). Against the emulator a missing table is
/// created; against the real service the run stops with one line naming what is missing and how to create it. Without
/// this, every Aggregator message failed and was redelivered, no candle closed, and the process ran on; a table created
/// a moment late dead-lettered the first minutes.
/// </summary>
internal static class GoogleResourceCheck
{
    /// <summary>How the resources are made for real.</summary>
    public const string CreateHint = "create it with `terraform apply` in terraform/, or use the emulators (`cst dev up`, or BIGTABLE_EMULATOR_HOST)";

    /// <summary>Checks (and on the emulator creates) the resources of the Google backend in <paramref name="services"/>; nothing for other backends.</summary>
    /// <exception cref="CliException">A resource is missing on the real service, or cannot be read.</exception>
    public static async Task RunAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        if (services.GetService<GoogleChannelFactory>() is not { } channels || services.GetService<BigtableCandleStoreOptions>() is not { } table)
        {
            return; // embedded backend, or candles in Firestore (whose database needs no schema)
        }

        var manager = new BigtableTableManager(channels, table);
        var emulator = channels.UsesEmulator(GoogleServiceEndpoint.BigtableAdmin);
        try
        {
            var schema = await manager.GetAsync(cancellationToken).ConfigureAwait(false);
            if (schema is null && emulator)
            {
                await manager.CreateIfAbsentAsync(cancellationToken).ConfigureAwait(false);
                logger.LogWarning("Created the Bigtable table {Table} (family {Family}) on the emulator", table.TableName, table.FamilyName);
                return;
            }

            if (schema is null)
            {
                throw new CliException($"--backend gcp: the Bigtable table {table.TableName} does not exist; {CreateHint}", 1);
            }

            if (!schema.ColumnFamilies.ContainsKey(table.FamilyName))
            {
                throw new CliException(
                    $"--backend gcp: the Bigtable table {table.TableName} has no column family '{table.FamilyName}' (it has: {string.Join(", ", schema.ColumnFamilies.Keys.Order(StringComparer.Ordinal))}); delete it and {CreateHint}",
                    1);
            }
        }
        catch (StoreException e)
        {
            throw new CliException($"--backend gcp: cannot check the Bigtable table {table.TableName}: {e.Message}", 1, e);
        }
    }
}

using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.Bigtable.Admin;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Google.Bigtable;

/// <summary>
/// Creates and deletes the candle table for development and tests (production tables come from
/// Terraform). The table gets one family, <see cref="BigtableCandleStoreOptions.FamilyName"/>, whose GC
/// rule keeps one version and drops cells older than <see cref="BigtableCandleStoreOptions.GcMaxAge"/>
/// (GC is lazy, so the store still filters reads to the latest cell).
/// </summary>
public sealed class BigtableTableManager
{
    private readonly BigtableTableAdmin.BigtableTableAdminClient _client;
    private readonly BigtableCandleStoreOptions _options;
    private readonly GoogleRpcCaller _caller;
    private readonly ILogger<BigtableTableManager> _logger;

    /// <summary>Creates a manager on the Bigtable admin channel of <paramref name="channels"/>.</summary>
    public BigtableTableManager(
        GoogleChannelFactory channels,
        BigtableCandleStoreOptions options,
        GoogleRpcCaller? caller = null,
        ILogger<BigtableTableManager>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = new BigtableTableAdmin.BigtableTableAdminClient(channels.GetChannel(GoogleServiceEndpoint.BigtableAdmin));
        _options = options;
        _caller = caller ?? new GoogleRpcCaller();
        _logger = logger ?? NullLogger<BigtableTableManager>.Instance;
    }

    /// <summary>Creates the table unless it exists. True when this call created it.</summary>
    public async Task<bool> CreateIfAbsentAsync(CancellationToken cancellationToken = default)
    {
        var table = new Table { Granularity = Table.Types.TimestampGranularity.Millis };
        table.ColumnFamilies.Add(_options.FamilyName, new ColumnFamily
        {
            GcRule = new GcRule
            {
                Union = new GcRule.Types.Union
                {
                    Rules =
                    {
                        new GcRule { MaxNumVersions = 1 },
                        new GcRule { MaxAge = Duration.FromTimeSpan(_options.GcMaxAge) },
                    },
                },
            },
        });
        var request = new CreateTableRequest { Parent = _options.InstanceName, TableId = _options.TableId, Table = table };
        try
        {
            await _caller.CallAsync(
                o => _client.CreateTableAsync(request, o).ResponseAsync,
                GoogleRequestParams.Create(("parent", _options.InstanceName)),
                CallIdempotency.Default,
                cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Created Bigtable table {Table} (family {Family}, max age {MaxAge})", _options.TableName, _options.FamilyName, _options.GcMaxAge);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            return false;
        }
        catch (RpcException e)
        {
            throw new StoreException($"creating Bigtable table {_options.TableName} failed: {e.StatusCode} {e.Status.Detail}", e);
        }
    }

    /// <summary>The table's schema, or null when the table does not exist.</summary>
    public async Task<Table?> GetAsync(CancellationToken cancellationToken = default)
    {
        var request = new GetTableRequest { Name = _options.TableName, View = Table.Types.View.SchemaView };
        try
        {
            return await _caller.CallAsync(
                o => _client.GetTableAsync(request, o).ResponseAsync,
                GoogleRequestParams.Create(("name", _options.TableName)),
                CallIdempotency.Idempotent,
                cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException e)
        {
            throw new StoreException($"reading Bigtable table {_options.TableName} failed: {e.StatusCode} {e.Status.Detail}", e);
        }
    }

    /// <summary>Deletes the table and all its rows. True when it existed.</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var request = new DeleteTableRequest { Name = _options.TableName };
        try
        {
            await _caller.CallAsync(
                o => _client.DeleteTableAsync(request, o).ResponseAsync,
                GoogleRequestParams.Create(("name", _options.TableName)),
                CallIdempotency.Default,
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
        catch (RpcException e)
        {
            throw new StoreException($"deleting Bigtable table {_options.TableName} failed: {e.StatusCode} {e.Status.Detail}", e);
        }
    }
}

using CryptoSignalTracker.DataPlane.Tests.Emulators;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using BigtableApi = CryptoSignalTracker.Google.Protos.Bigtable.Bigtable;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>
/// A fresh candle table on the Bigtable emulator (BIGTABLE_EMULATOR_HOST; the test fails when it is not
/// set). Every <see cref="NewStore"/> uses its own channel, as a separate process would.
/// </summary>
public sealed class BigtableTestTable : IAsyncDisposable
{
    private readonly List<GoogleChannelFactory> _factories = [];
    private readonly string _host;

    private BigtableTestTable(string host, BigtableCandleStoreOptions options)
    {
        _host = host;
        Options = options;
        Manager = new BigtableTableManager(NewFactory(), options);
    }

    /// <summary>The table's options (unique table id per test).</summary>
    public BigtableCandleStoreOptions Options { get; }

    /// <summary>Admin helper for the table.</summary>
    public BigtableTableManager Manager { get; }

    /// <summary>Options for a unique table in the test project; <paramref name="rowsPerBatch"/> small so that batching is exercised.</summary>
    public static BigtableCandleStoreOptions UniqueOptions(int rowsPerBatch = 400) => new()
    {
        ProjectId = EmulatorEnvironment.Project,
        InstanceId = "cst-test",
        TableId = "candles-" + Guid.NewGuid().ToString("N")[..12],
        RowsPerBatch = rowsPerBatch,
    };

    /// <summary>Creates the table with the project's GC rule.</summary>
    public static async Task<BigtableTestTable> CreateAsync(BigtableCandleStoreOptions? options = null)
    {
        var host = EmulatorEnvironment.RequireBigtable();
        var table = new BigtableTestTable(host, options ?? UniqueOptions());
        await table.Manager.CreateIfAbsentAsync();
        return table;
    }

    /// <summary>A channel factory that points Bigtable at the emulator whatever the process environment says.</summary>
    public static GoogleChannelFactory FactoryFor(string host) => new(new GoogleConnectionSettings
    {
        EnvironmentReader = name => name == EmulatorEnvironment.BigtableVariable ? host : null,
    });

    /// <summary>A store with its own channel.</summary>
    public BigtableCandleStore NewStore() => new(NewFactory(), Options);

    /// <summary>A raw data-API client with its own channel (to write rows by hand).</summary>
    public BigtableApi.BigtableClient RawClient() => new(NewFactory().GetChannel(GoogleServiceEndpoint.Bigtable));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Manager.DeleteAsync();
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }
    }

    private GoogleChannelFactory NewFactory()
    {
        var factory = FactoryFor(_host);
        _factories.Add(factory);
        return factory;
    }
}

using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>The bias store contract on SQLite.</summary>
public sealed class SqliteBiasStoreTests : BiasStoreContract, IDisposable
{
    private readonly SqliteTestFile _file = new();

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <inheritdoc />
    protected override Task<IBiasStore> CreateStoreAsync() => Task.FromResult<IBiasStore>(new SqliteBiasStore(_file.Reopen()));

    /// <inheritdoc />
    protected override Task CorruptSideAsync(string symbol)
    {
        _file.Execute($"UPDATE macro_bias SET side = 'UP' WHERE symbol = '{symbol}'");
        return Task.CompletedTask;
    }
}

using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>The candle contract on SQLite.</summary>
public sealed class SqliteCandleStoreTests : CandleStoreContract, IDisposable
{
    private readonly SqliteTestFile _file = new();

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <inheritdoc />
    protected override Task<ICandleStore> CreateStoreAsync() => Task.FromResult<ICandleStore>(new SqliteCandleStore(_file.Reopen()));

    /// <inheritdoc />
    protected override Task CorruptCloseAsync(string symbol, long openTimeMs)
    {
        _file.Execute($"UPDATE candles SET close = 'n/a' WHERE symbol = '{symbol}' AND open_time_ms = {openTimeMs}");
        return Task.CompletedTask;
    }
}

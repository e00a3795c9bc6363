using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>The behaviour every <see cref="IBiasStore"/> must show.</summary>
public abstract class BiasStoreContract : IAsyncLifetime
{
    private const long Published = 1_748_622_600_000;
    private const long FourHours = 4 * 3_600_000;

    /// <summary>Store under test.</summary>
    protected IBiasStore Store { get; private set; } = null!;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A store on the test's storage; calling it again is a restart on the same data.</summary>
    protected abstract Task<IBiasStore> CreateStoreAsync();

    /// <summary>Makes the stored bias of <paramref name="symbol"/> undecodable (side not LONG/SHORT).</summary>
    protected abstract Task CorruptSideAsync(string symbol);

    [Fact]
    public async Task PutThenGet_RoundTripsAndReplaces()
    {
        var first = new MacroBias("BTCUSDT", Direction.Long, 84.5, Published, Published + FourHours, "4h trend up");
        var second = new MacroBias("BTCUSDT", Direction.Short, 71, Published + 300_000, Published + 300_000 + FourHours);

        await Store.PutAsync(first);
        Assert.Equal(first, await Store.GetAsync("btcusdt"));
        await Store.PutAsync(second);

        Assert.Equal(second, await Store.GetAsync("BTCUSDT"));
        Assert.Null(await Store.GetAsync("ETHUSDT"));
    }

    [Fact]
    public async Task List_AfterRestart_AllSymbolsOrdered()
    {
        var eth = new MacroBias("ETHUSDT", Direction.Long, 90, Published, Published + FourHours);
        var ada = new MacroBias("ADAUSDT", Direction.Short, 65.25, Published, Published + FourHours);
        await Store.PutAsync(eth);
        await Store.PutAsync(ada);

        var restarted = await CreateStoreAsync();

        Assert.Equal([ada, eth], await restarted.ListAsync());
    }

    [Fact]
    public async Task Put_Invalid_ThrowsNamingTheProblem()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(new MacroBias("BTCUSDT", Direction.Long, 120, Published, Published + 1)));
        Assert.Contains("confidence", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(new MacroBias("BTCUSDT", Direction.Long, 80, Published, Published - 1)));
    }

    [Fact]
    public async Task Get_MalformedStoredBias_ThrowsCorruptRecordNamingIt()
    {
        await Store.PutAsync(new MacroBias("SOLUSDT", Direction.Long, 80, Published, Published + FourHours));
        await CorruptSideAsync("SOLUSDT");

        var error = await Assert.ThrowsAsync<CorruptRecordException>(() => Store.GetAsync("SOLUSDT"));

        Assert.Contains("SOLUSDT", error.RecordName);
        Assert.Contains("direction", error.Message);
    }
}

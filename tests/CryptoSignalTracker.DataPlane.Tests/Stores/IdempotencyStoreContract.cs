using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>The behaviour every <see cref="IIdempotencyStore"/> must show.</summary>
public abstract class IdempotencyStoreContract : IAsyncLifetime
{
    /// <summary>Store under test.</summary>
    protected IIdempotencyStore Store { get; private set; } = null!;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A store on the test's storage; each call is another instance on the same data.</summary>
    protected abstract Task<IIdempotencyStore> CreateStoreAsync();

    [Fact]
    public async Task TryClaim_FirstThenAgain_TrueThenFalse()
    {
        const string id = "SOLUSDT-1748622540-v5.2-champion";

        Assert.False(await Store.IsClaimedAsync(IdempotencyScopes.EmittedSignals, id));
        Assert.True(await Store.TryClaimAsync(IdempotencyScopes.EmittedSignals, id));
        Assert.False(await Store.TryClaimAsync(IdempotencyScopes.EmittedSignals, id));
        Assert.True(await Store.IsClaimedAsync(IdempotencyScopes.EmittedSignals, id));
    }

    [Fact]
    public async Task TryClaim_ScopesAreIndependent()
    {
        Assert.True(await Store.TryClaimAsync(IdempotencyScopes.EmittedSignals, "k1"));
        Assert.True(await Store.TryClaimAsync(IdempotencyScopes.Alerts, "k1"));
        Assert.False(await Store.IsClaimedAsync(IdempotencyScopes.Exits, "k1"));
    }

    [Fact]
    public async Task TryClaim_ParallelFromSeparateInstances_ExactlyOneWins()
    {
        var stores = new List<IIdempotencyStore>();
        for (var i = 0; i < 8; i++)
        {
            stores.Add(await CreateStoreAsync());
        }

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.TryClaimAsync(IdempotencyScopes.Alerts, "sig-1"))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task IsClaimed_AfterRestart_StillClaimed()
    {
        await Store.TryClaimAsync(IdempotencyScopes.EmittedSignals, "sig-9");

        var restarted = await CreateStoreAsync();

        Assert.True(await restarted.IsClaimedAsync(IdempotencyScopes.EmittedSignals, "sig-9"));
        Assert.False(await restarted.TryClaimAsync(IdempotencyScopes.EmittedSignals, "sig-9"));
    }

    [Fact]
    public async Task TryClaim_BadKeyOrScope_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.TryClaimAsync(IdempotencyScopes.Alerts, "a/b"));
        Assert.Contains("a/b", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryClaimAsync("__reserved__", "k"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryClaimAsync(IdempotencyScopes.Alerts, string.Empty));
    }
}

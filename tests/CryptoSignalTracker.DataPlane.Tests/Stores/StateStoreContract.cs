using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>The behaviour every <see cref="IStateStore"/> must show.</summary>
public abstract class StateStoreContract : IAsyncLifetime
{
    /// <summary>Store under test.</summary>
    protected IStateStore Store { get; private set; } = null!;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A store on the test's storage; each call is another instance on the same data.</summary>
    protected abstract Task<IStateStore> CreateStoreAsync();

    [Fact]
    public async Task PutGet_OverwriteAndCollectionsAreIndependent()
    {
        Assert.Null(await Store.GetAsync("allowed_chats", "123"));

        await Store.PutAsync("allowed_chats", "123", """{"role":"owner"}""");
        await Store.PutAsync("allowed_chats", "123", """{"role":"member"}""");
        await Store.PutAsync("subscriptions", "123", "BTCUSDT,SOLUSDT");

        Assert.Equal("""{"role":"member"}""", await Store.GetAsync("allowed_chats", "123"));
        Assert.Equal("BTCUSDT,SOLUSDT", await Store.GetAsync("subscriptions", "123"));
    }

    [Fact]
    public async Task TryCreate_OnlyWhenAbsent()
    {
        Assert.True(await Store.TryCreateAsync("invites", "482913", "owner"));
        Assert.False(await Store.TryCreateAsync("invites", "482913", "intruder"));

        Assert.Equal("owner", await Store.GetAsync("invites", "482913"));
    }

    [Fact]
    public async Task TryDelete_ParallelConsumers_ExactlyOneConsumesTheCode()
    {
        await Store.PutAsync("invites", "482913", "owner");
        var stores = new List<IStateStore>();
        for (var i = 0; i < 6; i++)
        {
            stores.Add(await CreateStoreAsync());
        }

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.TryDeleteAsync("invites", "482913"))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Null(await Store.GetAsync("invites", "482913"));
    }

    [Fact]
    public async Task TryIncrement_UpToTheLimit_CountsThenRefuses()
    {
        var counted = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            counted.Add(await Store.TryIncrementAsync("tg_verify_attempts", "9001.493000", 3));
        }

        Assert.Equal([true, true, true, false], counted);
        Assert.Equal("3", await Store.GetAsync("tg_verify_attempts", "9001.493000"));
        Assert.True(await Store.TryIncrementAsync("tg_verify_attempts", "9002.493000", 3));
    }

    [Fact]
    public async Task TryIncrement_29ParallelCallersOnSeparateInstances_ExactlyTheLimitCounted()
    {
        // The finding: 29 concurrent /verify guesses against a limit of 5 all got through (checked, then recorded).
        var stores = new List<IStateStore>();
        for (var i = 0; i < 29; i++)
        {
            stores.Add(await CreateStoreAsync());
        }

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.TryIncrementAsync("tg_verify_attempts", "9001.493000", 5))));

        Assert.Equal(5, results.Count(r => r));
        Assert.Equal("5", await Store.GetAsync("tg_verify_attempts", "9001.493000"));
    }

    [Fact]
    public async Task List_AfterRestart_OrderedByKey()
    {
        await Store.PutAsync("allowed_chats", "b", "2");
        await Store.PutAsync("allowed_chats", "-100", "0");
        await Store.PutAsync("allowed_chats", "a", "1");
        await Store.PutAsync("other", "z", "9");

        var restarted = await CreateStoreAsync();

        Assert.Equal(
            [new("-100", "0"), new("a", "1"), new KeyValuePair<string, string>("b", "2")],
            await restarted.ListAsync("allowed_chats"));
    }

    [Fact]
    public async Task Put_BadNames_ThrowNamingThem()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("allowed chats", "1", "x"));
        Assert.Contains("allowed chats", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("ok", "..", "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("ok", new string('k', 101), "x"));
    }
}

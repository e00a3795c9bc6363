using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>The behaviour every <see cref="IWriterLeaseStore"/> must show: one holder at a time, expiry, monotonic fencing tokens, stale writes refused.</summary>
public abstract class WriterLeaseStoreContract
{
    private const string Lease = "logic-engine";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    /// <summary>The clock every store of the test judges expiry by.</summary>
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2025-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A lease store on the test's storage; each call is another instance (process) on the same data.</summary>
    protected abstract IWriterLeaseStore CreateStore();

    /// <summary>The plain state store on the same storage (to see what fenced writes did).</summary>
    protected abstract IStateStore CreateStateStore();

    [Fact]
    public async Task TryAcquire_FreeLeaseThenRenewBySameHolder_TokenOneKeptAndExpiryMoved()
    {
        var store = CreateStore();

        var first = await store.TryAcquireAsync(Lease, "a", Duration);
        Clock.Advance(TimeSpan.FromSeconds(20));
        var renewed = await store.TryAcquireAsync(Lease, "a", Duration);

        Assert.NotNull(first);
        Assert.Equal(1, first.Token);
        Assert.Equal(Clock.GetUtcNow().AddSeconds(10).ToUnixTimeMilliseconds(), first.ExpiresAtMs);
        Assert.NotNull(renewed);
        Assert.Equal(1, renewed.Token);
        Assert.Equal(Clock.GetUtcNow().Add(Duration).ToUnixTimeMilliseconds(), renewed.ExpiresAtMs);
    }

    [Fact]
    public async Task TryAcquire_HeldByAnotherInstance_NullUntilExpiredThenNextToken()
    {
        var a = CreateStore();
        var b = CreateStore();
        await a.TryAcquireAsync(Lease, "a", Duration);

        Clock.Advance(Duration - TimeSpan.FromMilliseconds(1));
        var whileHeld = await b.TryAcquireAsync(Lease, "b", Duration);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterExpiry = await b.TryAcquireAsync(Lease, "b", Duration);
        var oldHolderBack = await a.TryAcquireAsync(Lease, "a", Duration);

        Assert.Null(whileHeld);
        Assert.NotNull(afterExpiry);
        Assert.Equal(2, afterExpiry.Token);
        Assert.Null(oldHolderBack);
    }

    [Fact]
    public async Task TryPutFenced_StaleTokenAfterTakeover_RefusedAndNothingWritten()
    {
        var a = CreateStore();
        var b = CreateStore();
        var state = CreateStateStore();
        var stale = (await a.TryAcquireAsync(Lease, "a", Duration))!;
        Assert.True(await a.TryPutFencedAsync(stale, "logic-engine", "watermark", "1000"));

        Clock.Advance(Duration);
        var current = (await b.TryAcquireAsync(Lease, "b", Duration))!;
        Assert.True(await b.TryPutFencedAsync(current, "logic-engine", "watermark", "2000"));
        var refused = await a.TryPutFencedAsync(stale, "logic-engine", "watermark", "3000");

        Assert.False(refused);
        Assert.Equal("2000", await state.GetAsync("logic-engine", "watermark"));
        Assert.True(current.Token > stale.Token);
    }

    [Fact]
    public async Task TryPutFenced_ExpiredButNobodyTookOver_WrittenBecauseTheTokenDecides()
    {
        var a = CreateStore();
        var grant = (await a.TryAcquireAsync(Lease, "a", Duration))!;
        Clock.Advance(Duration * 3);

        Assert.True(await a.TryPutFencedAsync(grant, "logic-engine", "watermark", "42"));
        Assert.Equal("42", await CreateStateStore().GetAsync("logic-engine", "watermark"));
    }

    [Fact]
    public async Task TryPutFenced_GrantNeverHeld_Refused()
    {
        var a = CreateStore();
        await a.TryAcquireAsync(Lease, "a", Duration);

        var forged = new WriterLeaseGrant(Lease, "b", 1, long.MaxValue);

        Assert.False(await a.TryPutFencedAsync(forged, "logic-engine", "watermark", "1"));
        Assert.False(await a.TryPutFencedAsync(forged with { Lease = "other-lease" }, "logic-engine", "watermark", "1"));
        Assert.Null(await CreateStateStore().GetAsync("logic-engine", "watermark"));
    }

    [Fact]
    public async Task TryAcquire_ParallelFromSeparateInstances_ExactlyOneHolds()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => CreateStore()).ToList();

        var grants = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.TryAcquireAsync(Lease, $"holder-{i}", Duration))));

        var held = Assert.Single(grants, g => g is not null);
        Assert.Equal(1, held!.Token);
    }

    [Fact]
    public async Task Release_ByHolder_AnotherTakesOverAtOnceWithTheNextToken()
    {
        var a = CreateStore();
        var b = CreateStore();
        var grant = (await a.TryAcquireAsync(Lease, "a", Duration))!;

        await a.ReleaseAsync(grant);
        var taken = await b.TryAcquireAsync(Lease, "b", Duration);
        await a.ReleaseAsync(grant); // a stale release changes nothing
        var stillB = await CreateStore().TryAcquireAsync(Lease, "c", Duration);

        Assert.NotNull(taken);
        Assert.Equal(2, taken.Token);
        Assert.Null(stillB);
    }

    [Fact]
    public async Task TryAcquire_BadArguments_ThrowNamingThem()
    {
        var store = CreateStore();

        var badName = await Assert.ThrowsAsync<ArgumentException>(() => store.TryAcquireAsync("a/b", "a", Duration));
        Assert.Contains("a/b", badName.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryAcquireAsync(Lease, " ", Duration));
        var badDuration = await Assert.ThrowsAsync<ArgumentException>(() => store.TryAcquireAsync(Lease, "a", TimeSpan.Zero));
        Assert.Contains("duration", badDuration.Message);
    }
}

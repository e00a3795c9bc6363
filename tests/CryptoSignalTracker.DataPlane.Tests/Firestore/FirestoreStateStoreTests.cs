using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>The state store contract on the Firestore emulator.</summary>
public sealed class FirestoreStateStoreTests : StateStoreContract, IDisposable
{
    private readonly FirestoreTestDatabase _database = new();

    /// <inheritdoc />
    public void Dispose() => _database.Dispose();

    /// <inheritdoc />
    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new FirestoreStateStore(_database.NewDatabase()));

    [Fact]
    public async Task TryIncrement_29ConcurrentCallers_EachNeedsAtMostLimitPlusOneAttempts()
    {
        // CI saw the read-write transaction version fail this burst: readers held locks, commits waited on each other until
        // the emulator aborted them ("Transaction lock timeout"), still contended after 10 attempts. A compare-and-set
        // fails an attempt only when another caller's increment landed, so limit + 1 attempts always suffice.
        var options = new FirestoreOptions
        {
            ProjectId = _database.Options.ProjectId,
            MaxTransactionAttempts = 6,
            TransactionInitialBackoff = TimeSpan.FromMilliseconds(5),
            TransactionMaxBackoff = TimeSpan.FromMilliseconds(20),
        };
        var stores = Enumerable.Range(0, 29).Select(_ => new FirestoreStateStore(_database.NewDatabase(options))).ToList();

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.TryIncrementAsync("tg_verify_attempts", "all.493000", 5))));

        Assert.Equal(5, results.Count(r => r));
        Assert.Equal("5", await stores[0].GetAsync("tg_verify_attempts", "all.493000"));
    }

    [Fact]
    public async Task TryIncrement_CounterHoldsText_NamesTheDocumentAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("tg_verify_attempts", "9001.493000", "lots");

        var error = await Assert.ThrowsAsync<StoreException>(() => store.TryIncrementAsync("tg_verify_attempts", "9001.493000", 5));

        Assert.Contains("tg_verify_attempts/entries/9001.493000", error.Message, StringComparison.Ordinal);
        Assert.Contains("'lots', not a count", error.Message, StringComparison.Ordinal);
        Assert.Equal("lots", await store.GetAsync("tg_verify_attempts", "9001.493000"));
    }
}

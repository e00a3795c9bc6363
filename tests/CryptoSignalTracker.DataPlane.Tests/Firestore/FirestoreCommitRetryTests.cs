using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using Grpc.Core;
using Grpc.Core.Interceptors;
using FirestoreApi = CryptoSignalTracker.Google.Protos.Firestore.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>
/// Issue 15, item 10: a transactional Commit whose answer was lost (UNAVAILABLE) was sent again with the same transaction
/// id, and that second commit's failure was reported although the first had been applied (the same for the counter's
/// compare-and-set write, which is retried as it is); and the routing header for a
/// named database must be <c>project_id=…&amp;database_id=…</c>. Against the Firestore emulator, through an interceptor
/// that lets the first transactional commit reach the emulator and then loses its answer, as a dropped connection would.
/// </summary>
public sealed class FirestoreCommitRetryTests : IDisposable
{
    private readonly FirestoreTestDatabase _test = new();
    private readonly List<GoogleChannelFactory> _factories = [];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Transaction_CommitAnswerLost_ReportsSuccessAndAppliesOnce(bool appliedBeforeLost)
    {
        // applied: the emulator committed and the answer was lost; not applied: the commit never got there.
        var interceptor = new LoseFirstCommitAnswer(appliedBeforeLost, transactional: true);
        var database = Database(interceptor);
        var name = FirestoreStateStore.Name(database, "counter", "9001");
        var runs = 0;

        var result = await database.RunTransactionAsync(
            async (transaction, ct) =>
            {
                runs++;
                var document = await transaction.GetAsync(name, ct);
                var count = document is null ? 0 : int.Parse(FirestoreFields.String(document, "value"), System.Globalization.CultureInfo.InvariantCulture);
                transaction.Set(name, FirestoreStateStore.Fields("counter", (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), TimeProvider.System));
                return count + 1;
            },
            "test counter",
            CancellationToken.None);

        Assert.Equal(1, result);
        Assert.Equal(1, interceptor.LostAnswers);
        Assert.Equal(appliedBeforeLost ? 1 : 2, runs);
        Assert.Equal("1", await new FirestoreStateStore(_test.NewDatabase()).GetAsync("counter", "9001"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TryIncrement_WriteAnswerLost_ReportsSuccessAndCountsOnce(bool appliedBeforeLost)
    {
        // The counter's compare-and-set write is retried by the caller after UNAVAILABLE; when the first attempt was
        // applied the retry meets its own precondition failure, and the token read back says it was ours.
        var interceptor = new LoseFirstCommitAnswer(appliedBeforeLost, transactional: false);
        var store = new FirestoreStateStore(Database(interceptor));

        var counted = await store.TryIncrementAsync("tg_verify_attempts", "9001.493000", 5);

        Assert.True(counted);
        Assert.Equal(1, interceptor.LostAnswers);
        Assert.Equal("1", await new FirestoreStateStore(_test.NewDatabase()).GetAsync("tg_verify_attempts", "9001.493000"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TryDelete_WriteAnswerLost_ReportsDeletedToThisCallerOnly(bool appliedBeforeLost)
    {
        // Consuming an invite code is a delete that is true for exactly one caller. The delete is retried after
        // UNAVAILABLE; when the first attempt was applied the retry finds the document gone, and the receipt written in
        // the same commit says it was this caller's delete (before, a consumed code was reported as not there).
        var plain = new FirestoreStateStore(_test.NewDatabase());
        Assert.True(await plain.TryCreateAsync("tg_invites", "K7Q2M9XD", "{}"));
        var interceptor = new LoseFirstCommitAnswer(appliedBeforeLost, transactional: false);
        var store = new FirestoreStateStore(Database(interceptor));

        var deleted = await store.TryDeleteAsync("tg_invites", "K7Q2M9XD");

        Assert.True(deleted);
        Assert.Equal(1, interceptor.LostAnswers);
        Assert.Null(await plain.GetAsync("tg_invites", "K7Q2M9XD"));
        Assert.False(await plain.TryDeleteAsync("tg_invites", "K7Q2M9XD")); // a second caller: not its delete
        Assert.False(await store.TryDeleteAsync("tg_invites", "K7Q2M9XD"));
    }

    [Theory]
    [InlineData("(default)", "project_id={0}")]
    [InlineData("cst-named", "project_id={0}&database_id=cst-named")]
    public async Task AnyCall_Database_SendsTheRoutingHeaderGoogleClientsSend(string databaseId, string expected)
    {
        var interceptor = new LoseFirstCommitAnswer(applyBeforeLosing: true, transactional: true) { LoseNone = true };
        var options = new FirestoreOptions { ProjectId = _test.Options.ProjectId, DatabaseId = databaseId };
        var database = Database(interceptor, options);

        await new FirestoreStateStore(database).PutAsync("probe", "k", "v");

        var wanted = string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, _test.Options.ProjectId);
        Assert.Equal(wanted, Assert.Single(interceptor.RoutingHeaders.Distinct()));
        Assert.Equal(wanted, options.RoutingHeader);
    }

    public void Dispose()
    {
        _factories.ForEach(f => f.Dispose());
        _test.Dispose();
    }

    private FirestoreDatabase Database(Interceptor interceptor, FirestoreOptions? options = null)
    {
        var factory = FirestoreTestDatabase.FactoryFor(Emulators.EmulatorEnvironment.RequireFirestore());
        _factories.Add(factory);
        var client = new FirestoreApi.FirestoreClient(factory.GetChannel(GoogleServiceEndpoint.Firestore).Intercept(interceptor));
        return new FirestoreDatabase(client, options ?? _test.Options);
    }

    /// <summary>
    /// Loses the answer of the first Commit (transactional, or not): after the emulator applied it, or before it got there.
    /// </summary>
    private sealed class LoseFirstCommitAnswer(bool applyBeforeLosing, bool transactional) : Interceptor
    {
        private int _lost;

        public bool LoseNone { get; init; }

        public int LostAnswers => _lost;

        public List<string> RoutingHeaders { get; } = [];

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            lock (RoutingHeaders)
            {
                RoutingHeaders.AddRange(context.Options.Headers?.Where(h => h.Key == GoogleRequestParams.HeaderName).Select(h => h.Value) ?? []);
            }

            if (LoseNone || request is not CryptoSignalTracker.Google.Protos.Firestore.CommitRequest commit || commit.Transaction.IsEmpty == transactional || Interlocked.CompareExchange(ref _lost, 1, 0) != 0)
            {
                return continuation(request, context);
            }

            var lost = new RpcException(new Status(StatusCode.Unavailable, "connection reset (test: the answer was lost)"));
            var response = applyBeforeLosing
                ? continuation(request, context).ResponseAsync.ContinueWith<TResponse>(_ => throw lost, TaskScheduler.Default)
                : Task.FromException<TResponse>(lost);
            return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }
    }
}

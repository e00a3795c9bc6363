using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.Firestore;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using FirestoreApi = CryptoSignalTracker.Google.Protos.Firestore.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>
/// The few Firestore operations the stores are built from, over our own google.firestore.v1 protos:
/// get, create-if-absent (<c>current_document.exists=false</c>), upsert, delete-if-present, single-collection
/// queries and read-write transactions retried on ABORTED. gRPC failures become <see cref="StoreException"/>s
/// that say what was attempted and why.
/// </summary>
public sealed class FirestoreDatabase
{
    /// <summary>
    /// Field holding the random token of the write that last wrote a document (a transactional commit, a create, a
    /// compare-and-set): read back when the write's answer was lost, it tells whether that write was applied.
    /// </summary>
    public const string CommitTokenField = "commit_token";

    private readonly FirestoreApi.FirestoreClient _client;
    private readonly GoogleRpcCaller _caller;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FirestoreDatabase> _logger;
    private readonly Metadata _headers;

    /// <summary>Creates a database handle on the Firestore channel of <paramref name="channels"/>.</summary>
    public FirestoreDatabase(
        GoogleChannelFactory channels,
        FirestoreOptions options,
        GoogleRpcCaller? caller = null,
        TimeProvider? timeProvider = null,
        ILogger<FirestoreDatabase>? logger = null)
        : this(new FirestoreApi.FirestoreClient((channels ?? throw new ArgumentNullException(nameof(channels))).GetChannel(GoogleServiceEndpoint.Firestore)), options, caller, timeProvider, logger)
    {
    }

    /// <summary>Creates a database handle on an existing client.</summary>
    public FirestoreDatabase(
        FirestoreApi.FirestoreClient client,
        FirestoreOptions options,
        GoogleRpcCaller? caller = null,
        TimeProvider? timeProvider = null,
        ILogger<FirestoreDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        Options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _caller = caller ?? new GoogleRpcCaller(timeProvider: _timeProvider);
        _logger = logger ?? NullLogger<FirestoreDatabase>.Instance;
        _headers = new Metadata
        {
            { GoogleRequestParams.HeaderName, options.RoutingHeader },
            { "google-cloud-resource-prefix", options.DatabaseName },
        };
    }

    /// <summary>The options in use.</summary>
    public FirestoreOptions Options { get; }

    /// <summary>The time source (for timestamps the stores write).</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Full name of the document at <paramref name="path"/> (collection, id[, collection, id...]); each segment is validated.</summary>
    public string DocumentName(params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.Length % 2 != 0)
        {
            throw new ArgumentException("a document path has an even number of segments (collection/id pairs)", nameof(path));
        }

        return Options.DocumentsRoot + "/" + string.Join('/', path.Select((p, i) => StoreNames.Validate(p, i % 2 == 0 ? "collection" : "document id")));
    }

    /// <summary>The document, or null when it does not exist. In a transaction when <paramref name="transaction"/> is set.</summary>
    public async Task<Document?> GetAsync(string name, ByteString? transaction, CancellationToken cancellationToken)
    {
        var request = new GetDocumentRequest { Name = name };
        if (transaction is not null)
        {
            request.Transaction = transaction;
        }

        try
        {
            // Inside a transaction ABORTED ends the transaction: the transaction runner retries, not the read.
            var idempotency = transaction is null ? CallIdempotency.Idempotent : CallIdempotency.Default;
            return await _caller.CallAsync(o => _client.GetDocumentAsync(request, o).ResponseAsync, _headers, idempotency, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates the document unless it exists. True when this call created it. The write carries a random
    /// token; if a retried create meets ALREADY_EXISTS, the stored token tells whether our earlier attempt made it.
    /// </summary>
    public Task<bool> TryCreateAsync(string name, IDictionary<string, Value> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return TryWriteIfUnchangedAsync(name, read: null, fields, cancellationToken);
    }

    /// <summary>Creates or fully replaces the document.</summary>
    public Task SetAsync(string name, IDictionary<string, Value> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var document = new Document { Name = name };
        document.Fields.Add(fields);
        return CommitAsync([new Write { Update = document }], null, cancellationToken);
    }

    /// <summary>
    /// Deletes the document if it exists, creating the new document <paramref name="receiptName"/> in the same commit.
    /// True when this call deleted it. The commit is retried after a lost answer (UNAVAILABLE); when the first attempt
    /// was applied the retry finds the document gone, and only then is the receipt read back: there means this call's
    /// delete (so a consumed invite code is not reported as missing), absent means another caller's.
    /// </summary>
    public async Task<bool> TryDeleteAsync(string name, string receiptName, IDictionary<string, Value> receiptFields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receiptFields);
        var receipt = new Document { Name = receiptName };
        receipt.Fields.Add(receiptFields);
        Write[] writes =
        [
            new Write { Delete = name, CurrentDocument = new Precondition { Exists = true } },
            new Write { Update = receipt, CurrentDocument = new Precondition { Exists = false } },
        ];
        try
        {
            await CommitAsync(writes, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreException e) when (e.InnerException is RpcException { StatusCode: StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.AlreadyExists })
        {
            return await ReadAsync(receiptName, cancellationToken).ConfigureAwait(false) is not null;
        }
    }

    /// <summary>
    /// Reads document <paramref name="name"/>, asks <paramref name="decide"/> what to write, and writes it only if the
    /// document is still as read (precondition: its update time, or absent): a compare-and-set that holds no lock. When
    /// another writer got there first it reads again, after a jittered backoff, up to
    /// <see cref="FirestoreOptions.MaxTransactionAttempts"/> times. Every failed attempt means another writer's write
    /// succeeded, so a caller whose decision stops writing once a bound is reached needs at most that bound plus one
    /// attempts. <paramref name="decide"/> returns the result and the fields to write (null: write nothing).
    /// </summary>
    /// <remarks>
    /// Used instead of <see cref="RunTransactionAsync{T}"/> for hot single-document counters: a read-write transaction
    /// takes a lock on its read, so many callers reading one document then committing wait on each other's locks until
    /// the server aborts them (the emulator's "Transaction lock timeout"); with 29 concurrent callers that took 30 s and
    /// could still fail after 10 attempts. A lost answer to the write is settled by a token read back, as in
    /// <see cref="TryCreateAsync"/>.
    /// </remarks>
    public async Task<T> UpdateIfUnchangedAsync<T>(string name, Func<Document?, (T Result, IDictionary<string, Value>? Write)> decide, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            var read = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
            var (result, fields) = decide(read);
            bool written;
            try
            {
                written = fields is null || await TryWriteIfUnchangedAsync(name, read, fields, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException e) when (e.InnerException is RpcException { StatusCode: StatusCode.Aborted })
            {
                written = false; // contention: not applied, read again
            }

            if (written)
            {
                return result;
            }

            if (attempt >= Options.MaxTransactionAttempts)
            {
                throw new StoreException($"Firestore update of {what} failed: changed by other writers on each of {attempt} attempts (still contended)");
            }

            var delay = Backoff(attempt);
            _logger.LogDebug("Firestore update of {What} met a newer write (attempt {Attempt}); reading again in {Delay}", what, attempt, delay);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes <paramref name="fields"/> only if the document is as <paramref name="read"/> (null: absent). True when this
    /// call wrote it; a precondition failure after a lost answer is told apart by the token read back.
    /// </summary>
    private async Task<bool> TryWriteIfUnchangedAsync(string name, Document? read, IDictionary<string, Value> fields, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var document = new Document { Name = name };
        document.Fields.Add(fields);
        document.Fields[CommitTokenField] = FirestoreFields.Of(token);
        var precondition = read is null ? new Precondition { Exists = false } : new Precondition { UpdateTime = read.UpdateTime };
        try
        {
            await CommitAsync([new Write { Update = document, CurrentDocument = precondition }], null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreException e) when (e.InnerException is RpcException { StatusCode: StatusCode.AlreadyExists or StatusCode.FailedPrecondition })
        {
            // Changed since the read, or our own earlier attempt of this write was applied and its answer lost.
            var stored = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
            return stored is not null && stored.Fields.TryGetValue(CommitTokenField, out var value) && value.StringValue == token;
        }
    }

    /// <summary>Reads one document, translating failures into <see cref="StoreException"/>.</summary>
    public Task<Document?> ReadAsync(string name, CancellationToken cancellationToken) =>
        TranslateAsync(() => GetAsync(name, null, cancellationToken), "read", name);

    /// <summary>
    /// Every document of collection <paramref name="collectionId"/> under <paramref name="parent"/> (null =
    /// the database root), optionally where <paramref name="field"/> equals <paramref name="equals"/>.
    /// Unordered: callers sort (so no composite index is needed on the real service).
    /// </summary>
    public Task<IReadOnlyList<Document>> QueryAsync(string? parent, string collectionId, string? field, Value? equals, CancellationToken cancellationToken)
    {
        var query = new StructuredQuery { From = { new StructuredQuery.Types.CollectionSelector { CollectionId = StoreNames.Validate(collectionId, "collection") } } };
        if (field is not null && equals is not null)
        {
            query.Where = new StructuredQuery.Types.Filter
            {
                FieldFilter = new StructuredQuery.Types.FieldFilter
                {
                    Field = new StructuredQuery.Types.FieldReference { FieldPath = field },
                    Op = StructuredQuery.Types.FieldFilter.Types.Operator.Equal,
                    Value = equals,
                },
            };
        }

        return RunQueryAsync(new RunQueryRequest { Parent = parent ?? Options.DocumentsRoot, StructuredQuery = query }, collectionId, cancellationToken);
    }

    private Task<IReadOnlyList<Document>> RunQueryAsync(RunQueryRequest request, string collectionId, CancellationToken cancellationToken)
    {
        return TranslateAsync(
            () => _caller.CallAsync<IReadOnlyList<Document>>(
                async o =>
                {
                    using var call = _client.RunQuery(request, o);
                    var documents = new List<Document>();
                    await foreach (var response in call.ResponseStream.ReadAllAsync(o.CancellationToken).ConfigureAwait(false))
                    {
                        if (response.Document is not null)
                        {
                            documents.Add(response.Document);
                        }
                    }

                    return documents;
                },
                _headers,
                CallIdempotency.Idempotent,
                cancellationToken),
            "query",
            $"{request.Parent}/{collectionId}");
    }

    /// <summary>
    /// The documents of collection <paramref name="collectionId"/> under <paramref name="parent"/> whose integer
    /// <paramref name="field"/> lies in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>), in
    /// ascending order of it (a range on one field: Firestore's automatic single-field index serves it).
    /// </summary>
    public Task<IReadOnlyList<Document>> QueryRangeAsync(string parent, string collectionId, string field, long fromInclusive, long toExclusive, CancellationToken cancellationToken)
    {
        static StructuredQuery.Types.Filter Bound(string field, StructuredQuery.Types.FieldFilter.Types.Operator op, long value) => new()
        {
            FieldFilter = new StructuredQuery.Types.FieldFilter
            {
                Field = new StructuredQuery.Types.FieldReference { FieldPath = field },
                Op = op,
                Value = FirestoreFields.Of(value),
            },
        };

        var query = new StructuredQuery
        {
            From = { new StructuredQuery.Types.CollectionSelector { CollectionId = StoreNames.Validate(collectionId, "collection") } },
            Where = new StructuredQuery.Types.Filter
            {
                CompositeFilter = new StructuredQuery.Types.CompositeFilter
                {
                    Op = StructuredQuery.Types.CompositeFilter.Types.Operator.And,
                    Filters =
                    {
                        Bound(field, StructuredQuery.Types.FieldFilter.Types.Operator.GreaterThanOrEqual, fromInclusive),
                        Bound(field, StructuredQuery.Types.FieldFilter.Types.Operator.LessThan, toExclusive),
                    },
                },
            },
            OrderBy = { new StructuredQuery.Types.Order { Field = new StructuredQuery.Types.FieldReference { FieldPath = field }, Direction = StructuredQuery.Types.Direction.Ascending } },
        };
        return RunQueryAsync(new RunQueryRequest { Parent = parent, StructuredQuery = query }, collectionId, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="body"/> in a read-write transaction: its reads go through the transaction, its
    /// writes are committed with it. ABORTED (contention), or a precondition the body set that fails at
    /// commit, reruns the body in a new attempt (passing the old id as <c>retry_transaction</c>) up to
    /// <see cref="FirestoreOptions.MaxTransactionAttempts"/> times.
    /// </summary>
    public async Task<T> RunTransactionAsync<T>(Func<FirestoreTransaction, CancellationToken, Task<T>> body, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ByteString? previous = null;
        for (var attempt = 1; ; attempt++)
        {
            var options = new TransactionOptions { ReadWrite = new TransactionOptions.Types.ReadWrite() };
            if (previous is not null)
            {
                options.ReadWrite.RetryTransaction = previous;
            }

            var begin = new BeginTransactionRequest { Database = Options.DatabaseName, Options = options };
            var id = (await TranslateAsync(
                () => _caller.CallAsync(o => _client.BeginTransactionAsync(begin, o).ResponseAsync, _headers, CallIdempotency.Default, cancellationToken),
                "begin transaction for",
                what).ConfigureAwait(false)).Transaction;
            var transaction = new FirestoreTransaction(this, id);
            try
            {
                var result = await body(transaction, cancellationToken).ConfigureAwait(false);
                if (transaction.Writes.Count == 0)
                {
                    await RollbackAsync(id, what).ConfigureAwait(false);
                }
                else
                {
                    await CommitTransactionAsync(transaction, what, cancellationToken).ConfigureAwait(false);
                }

                return result;
            }
            catch (RpcException e) when (IsContention(e.StatusCode) && attempt < Options.MaxTransactionAttempts && !cancellationToken.IsCancellationRequested)
            {
                previous = id;
                var delay = Backoff(attempt);
                _logger.LogInformation("Firestore transaction for {What} hit {Status} (attempt {Attempt}); retrying in {Delay}", what, e.StatusCode, attempt, delay);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                await RollbackAsync(id, what).ConfigureAwait(false);
                throw Translate(e, IsContention(e.StatusCode) ? $"transaction ({attempt} attempts, still contended) for" : "transaction for", what);
            }
            catch (Exception)
            {
                await RollbackAsync(id, what).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Commits <paramref name="writes"/> atomically (optionally finishing <paramref name="transaction"/>).</summary>
    internal Task CommitAsync(IReadOnlyList<Write> writes, ByteString? transaction, CancellationToken cancellationToken)
    {
        var request = new CommitRequest { Database = Options.DatabaseName, Writes = { writes } };
        if (transaction is not null)
        {
            request.Transaction = transaction;
        }

        var target = writes.Count > 0 ? (writes[0].Update?.Name ?? writes[0].Delete) : Options.DatabaseName;
        return TranslateAsync(
            () => _caller.CallAsync(o => _client.CommitAsync(request, o).ResponseAsync, _headers, CallIdempotency.Default, cancellationToken),
            "write",
            target);
    }

    /// <summary>
    /// Commits the transaction once. When the answer is lost (UNAVAILABLE, DEADLINE_EXCEEDED) the commit may or may not
    /// have been applied, and sending it again with the same transaction id cannot tell: the transaction has ended either
    /// way, so the second commit fails even when the first succeeded (a success reported as a failure). Instead every
    /// document the commit writes carries a random <see cref="CommitTokenField"/>; the first one is read back: our
    /// token there means the commit was applied; otherwise it was not, and the transaction is rerun as after contention.
    /// </summary>
    private async Task CommitTransactionAsync(FirestoreTransaction transaction, string what, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        string? probe = null;
        foreach (var write in transaction.Writes)
        {
            if (write.Update is { } document)
            {
                document.Fields[CommitTokenField] = FirestoreFields.Of(token);
                probe ??= document.Name;
            }
        }

        var commit = new CommitRequest { Database = Options.DatabaseName, Transaction = transaction.Id, Writes = { transaction.Writes } };
        try
        {
            await _caller.CallAsync(o => _client.CommitAsync(commit, o).ResponseAsync, _headers, CallIdempotency.Once, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && probe is not null && !cancellationToken.IsCancellationRequested)
        {
            var stored = await GetAsync(probe, null, cancellationToken).ConfigureAwait(false);
            if (stored is not null && stored.Fields.TryGetValue(CommitTokenField, out var value) && value.StringValue == token)
            {
                _logger.LogInformation("Firestore commit of the transaction for {What} lost its answer ({Status}) but was applied", what, e.StatusCode);
                return;
            }

            // Not applied: end the transaction (it may still hold its reads' locks) and rerun it as after contention.
            await RollbackAsync(transaction.Id, what).ConfigureAwait(false);
            throw new RpcException(new Status(StatusCode.Aborted, $"the commit's answer was lost ({e.StatusCode}) and it was not applied"));
        }
    }

    private static bool IsContention(StatusCode code) =>
        code is StatusCode.Aborted or StatusCode.AlreadyExists or StatusCode.FailedPrecondition;

    private async Task RollbackAsync(ByteString id, string what)
    {
        try
        {
            var request = new RollbackRequest { Database = Options.DatabaseName, Transaction = id };
            await _client.RollbackAsync(request, _caller.CreateCallOptions(_headers, CancellationToken.None)).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            // The transaction expires on its own; the failure that led here is what the caller needs to see.
            _logger.LogWarning(e, "Firestore rollback of the transaction for {What} failed with {Status}", what, e.StatusCode);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ms = Math.Min(Options.TransactionMaxBackoff.TotalMilliseconds, Options.TransactionInitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ms * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private async Task<TResult> TranslateAsync<TResult>(Func<Task<TResult>> call, string operation, string target)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Translate(e, operation, target);
        }
    }

    private StoreException Translate(RpcException e, string operation, string target) => e.StatusCode switch
    {
        StatusCode.Unavailable => new StoreException(
            $"Firestore {operation} {target} failed: the service is unreachable ({e.Status.Detail}). Check FIRESTORE_EMULATOR_HOST or the network.", e),
        StatusCode.DeadlineExceeded => new StoreException(
            $"Firestore {operation} {target} failed: no answer within {_caller.Settings.AttemptTimeout.TotalSeconds:0.#} s per attempt.", e),
        _ => new StoreException($"Firestore {operation} {target} failed: {e.StatusCode} {e.Status.Detail}", e),
    };
}

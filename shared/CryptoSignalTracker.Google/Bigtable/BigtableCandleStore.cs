using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.Bigtable;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using BigtableApi = CryptoSignalTracker.Google.Protos.Bigtable.Bigtable;

namespace CryptoSignalTracker.Google.Bigtable;

/// <summary>
/// <see cref="ICandleStore"/> on Cloud Bigtable in the original system's layout (see <see cref="CandleRowCodec"/>).
/// Writes go out as MutateRows batches; an entry that fails with a retryable status is retried alone,
/// with exponential backoff, until <see cref="BigtableCandleStoreOptions.MaxWriteAttempts"/>. Reads
/// stream ReadRows over the symbol's key range, filtered to the family and the latest cell of each
/// column; a broken stream resumes after the last complete row.
/// </summary>
public sealed class BigtableCandleStore : ICandleStore
{
    private readonly BigtableApi.BigtableClient _client;
    private readonly BigtableCandleStoreOptions _options;
    private readonly GoogleRpcCaller _caller;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BigtableCandleStore> _logger;
    private readonly Metadata _routing;
    private readonly RowFilter _latestCellFilter;

    /// <summary>Creates a store on the Bigtable channel of <paramref name="channels"/>.</summary>
    public BigtableCandleStore(
        GoogleChannelFactory channels,
        BigtableCandleStoreOptions options,
        GoogleRpcCaller? caller = null,
        TimeProvider? timeProvider = null,
        ILogger<BigtableCandleStore>? logger = null)
        : this(new BigtableApi.BigtableClient((channels ?? throw new ArgumentNullException(nameof(channels))).GetChannel(GoogleServiceEndpoint.Bigtable)), options, caller, timeProvider, logger)
    {
    }

    /// <summary>Creates a store on an existing client (tests, custom channels).</summary>
    public BigtableCandleStore(
        BigtableApi.BigtableClient client,
        BigtableCandleStoreOptions options,
        GoogleRpcCaller? caller = null,
        TimeProvider? timeProvider = null,
        ILogger<BigtableCandleStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _caller = caller ?? new GoogleRpcCaller(timeProvider: _timeProvider);
        _logger = logger ?? NullLogger<BigtableCandleStore>.Instance;
        _routing = string.IsNullOrEmpty(options.AppProfileId)
            ? GoogleRequestParams.Create(("table_name", options.TableName))
            : GoogleRequestParams.Create(("table_name", options.TableName), ("app_profile_id", options.AppProfileId));
        _latestCellFilter = new RowFilter
        {
            Chain = new RowFilter.Types.Chain
            {
                Filters =
                {
                    new RowFilter { FamilyNameRegexFilter = options.FamilyName },
                    new RowFilter { CellsPerColumnLimitFilter = 1 },
                },
            },
        };
    }

    /// <summary>The options in use.</summary>
    public BigtableCandleStoreOptions Options => _options;

    /// <inheritdoc />
    public async Task WriteAsync(string symbol, IReadOnlyList<Candle> candles, CancellationToken cancellationToken = default)
    {
        var s = CandleStoreGuard.ValidateWrite(symbol, candles);
        if (candles.Count == 0)
        {
            return;
        }

        var batches = new List<MutateRowsRequest>();
        for (var start = 0; start < candles.Count; start += _options.RowsPerBatch)
        {
            var request = new MutateRowsRequest { TableName = _options.TableName, AppProfileId = _options.AppProfileId };
            var end = Math.Min(candles.Count, start + _options.RowsPerBatch);
            for (var i = start; i < end; i++)
            {
                var entry = new MutateRowsRequest.Types.Entry { RowKey = CandleRowCodec.RowKey(s, candles[i].OpenTimeMs) };
                CandleRowCodec.AddMutations(candles[i], _options.FamilyName, entry.Mutations);
                request.Entries.Add(entry);
            }

            batches.Add(request);
        }

        if (batches.Count == 1)
        {
            await WriteBatchAsync(batches[0], cancellationToken).ConfigureAwait(false);
            return;
        }

        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentBatches, CancellationToken = cancellationToken },
            async (batch, token) => await WriteBatchAsync(batch, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Candle>> ReadAsync(string symbol, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        var s = CandleStoreGuard.ValidateRead(symbol, fromMs, toMs);
        var from = Math.Max(fromMs, CandleStoreGuard.MinOpenTimeMs);
        var to = Math.Min(toMs, CandleStoreGuard.MaxOpenTimeMs);
        if (from >= to)
        {
            return [];
        }

        // Keys hold whole seconds: open time >= from  <=>  seconds >= ceil(from / 1000); likewise for the end.
        // An unbounded end is the end of the symbol's key prefix ("SYMBOL$" sorts right after every "SYMBOL#...").
        var startKey = CandleRowCodec.RowKey(s, CeilingToSecondMs(from));
        var endKey = to >= CandleStoreGuard.MaxOpenTimeMs
            ? ByteString.CopyFromUtf8(s + (char)(CandleRowCodec.KeySeparator + 1))
            : CandleRowCodec.RowKey(s, CeilingToSecondMs(to));
        var rows = await ReadRowsAsync(startKey, endKey, cancellationToken).ConfigureAwait(false);
        var candles = new Candle[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            candles[i] = CandleRowCodec.Decode(rows[i], s, _options.FamilyName);
        }

        return candles;
    }

    private static long CeilingToSecondMs(long ms) => (ms + 999) / 1000 * 1000;

    private async Task<List<BigtableRow>> ReadRowsAsync(ByteString startKey, ByteString endKey, CancellationToken cancellationToken)
    {
        var rows = new List<BigtableRow>();
        var merger = new ReadRowsMerger();
        for (var attempt = 1; ; attempt++)
        {
            var range = new RowRange { EndKeyOpen = endKey };
            if (merger.LastCommittedKey is { } last)
            {
                range.StartKeyOpen = last;
            }
            else
            {
                range.StartKeyClosed = startKey;
            }

            var request = new ReadRowsRequest
            {
                TableName = _options.TableName,
                AppProfileId = _options.AppProfileId,
                Rows = new RowSet { RowRanges = { range } },
                Filter = _latestCellFilter,
            };
            try
            {
                using var call = _client.ReadRows(request, _caller.CreateCallOptions(_routing, cancellationToken, _options.AttemptTimeout));
                await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    merger.Add(response, rows);
                }

                merger.Complete();
                return rows;
            }
            catch (RpcException e) when (IsRetryable(e.StatusCode) && attempt < _options.MaxReadAttempts && !cancellationToken.IsCancellationRequested)
            {
                merger.DiscardPartialRow();
                var delay = Backoff(attempt);
                _logger.LogWarning(e, "Bigtable ReadRows on {Table} failed with {Status}; resuming after {LastKey} in {Delay}",
                    _options.TableName, e.StatusCode, merger.LastCommittedKey?.ToStringUtf8() ?? "(start)", delay);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                throw Translate(e, "read", attempt);
            }
        }
    }

    private async Task WriteBatchAsync(MutateRowsRequest request, CancellationToken cancellationToken)
    {
        var pending = request;
        // Maps an index of the request being sent to the index in the original batch (null = identity).
        int[]? originalIndex = null;
        for (var attempt = 1; ; attempt++)
        {
            var failed = new List<(int Index, int Code, string Message)>();
            var acknowledged = new bool[pending.Entries.Count];
            try
            {
                using var call = _client.MutateRows(pending, _caller.CreateCallOptions(_routing, cancellationToken, _options.AttemptTimeout));
                await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var entry in response.Entries)
                    {
                        var index = (int)entry.Index;
                        if (index < 0 || index >= acknowledged.Length)
                        {
                            throw new StoreException($"Bigtable MutateRows on {_options.TableName} answered for entry {entry.Index} of {acknowledged.Length}");
                        }

                        acknowledged[index] = true;
                        var code = entry.Status?.Code ?? 0;
                        if (code != 0)
                        {
                            failed.Add((index, code, entry.Status!.Message));
                        }
                    }
                }

                // An entry the server never reported on has not been confirmed: send it again.
                for (var i = 0; i < acknowledged.Length; i++)
                {
                    if (!acknowledged[i])
                    {
                        failed.Add((i, (int)StatusCode.Unavailable, "no status returned"));
                    }
                }
            }
            catch (RpcException e) when (IsRetryable(e.StatusCode) && attempt < _options.MaxWriteAttempts && !cancellationToken.IsCancellationRequested)
            {
                // The whole stream broke: every entry not yet acknowledged OK is retried.
                for (var i = 0; i < acknowledged.Length; i++)
                {
                    if (!acknowledged[i])
                    {
                        failed.Add((i, (int)e.StatusCode, e.Status.Detail));
                    }
                }
            }
            catch (RpcException e)
            {
                throw Translate(e, "write", attempt);
            }

            if (failed.Count == 0)
            {
                return;
            }

            var permanent = failed.FirstOrDefault(f => !IsRetryable((StatusCode)f.Code));
            if (permanent.Message is not null || attempt >= _options.MaxWriteAttempts)
            {
                var worst = permanent.Message is not null ? permanent : failed[0];
                throw new StoreException(
                    $"Bigtable write to {_options.TableName} failed for {failed.Count} of {pending.Entries.Count} row(s) after {attempt} attempt(s); "
                    + $"row '{pending.Entries[worst.Index].RowKey.ToStringUtf8()}': {(StatusCode)worst.Code} {worst.Message}");
            }

            var retry = new MutateRowsRequest { TableName = pending.TableName, AppProfileId = pending.AppProfileId };
            var retryIndex = new int[failed.Count];
            failed.Sort((a, b) => a.Index.CompareTo(b.Index));
            for (var i = 0; i < failed.Count; i++)
            {
                retry.Entries.Add(pending.Entries[failed[i].Index]);
                retryIndex[i] = originalIndex is null ? failed[i].Index : originalIndex[failed[i].Index];
            }

            var delay = Backoff(attempt);
            _logger.LogWarning("Bigtable MutateRows on {Table}: {Failed} of {Total} row(s) failed ({Status}); retrying them in {Delay}",
                _options.TableName, failed.Count, pending.Entries.Count, (StatusCode)failed[0].Code, delay);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            pending = retry;
            originalIndex = retryIndex;
        }
    }

    private static bool IsRetryable(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.ResourceExhausted;

    private TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, attempt - 1);
        var ms = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.InitialBackoff.TotalMilliseconds * factor);
        return TimeSpan.FromMilliseconds(ms);
    }

    private StoreException Translate(RpcException e, string operation, int attempts) => e.StatusCode switch
    {
        StatusCode.NotFound => new StoreException(
            $"Bigtable {operation} failed: table {_options.TableName} does not exist ({e.Status.Detail}). Create it (BigtableTableManager.CreateIfAbsentAsync) or fix the instance/table options.", e),
        StatusCode.Unavailable => new StoreException(
            $"Bigtable {operation} failed: the service is unreachable after {attempts} attempt(s) ({e.Status.Detail}). Check BIGTABLE_EMULATOR_HOST or the network.", e),
        StatusCode.DeadlineExceeded => new StoreException(
            $"Bigtable {operation} on {_options.TableName} got no answer within the deadline after {attempts} attempt(s).", e),
        _ => new StoreException($"Bigtable {operation} on {_options.TableName} failed: {e.StatusCode} {e.Status.Detail}", e),
    };
}

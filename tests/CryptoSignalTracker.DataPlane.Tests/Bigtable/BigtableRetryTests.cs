using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.Bigtable;
using Google.Protobuf;
using Grpc.Core;
using BigtableApi = CryptoSignalTracker.Google.Protos.Bigtable.Bigtable;
using Chunk = CryptoSignalTracker.Google.Protos.Bigtable.ReadRowsResponse.Types.CellChunk;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>
/// Retry behaviour the emulator cannot provoke (per-entry retryable failures, a stream that breaks
/// mid-read), driven through a scripted call invoker that speaks the real request/response messages.
/// </summary>
public sealed class BigtableRetryTests
{
    private static readonly GoogleCallSettings OneAttempt = new() { MaxAttempts = 1 };

    [Fact]
    public async Task Write_SomeEntriesFailRetryably_RetriesOnlyThoseEntries()
    {
        var invoker = new ScriptedBigtableInvoker()
            .Then([Statuses((0, 0), (1, (int)StatusCode.Unavailable), (2, 0)), Statuses((3, (int)StatusCode.DeadlineExceeded))])
            .Then([Statuses((0, 0), (1, 0))]);
        var store = Store(invoker);
        var candles = RealCandles.Take(4);

        await store.WriteAsync("BTCUSDT", candles);

        Assert.Equal(2, invoker.Requests.Count);
        var retry = Assert.IsType<MutateRowsRequest>(invoker.Requests[1]);
        Assert.Equal(
            [CandleRowCodec.RowKeyText("BTCUSDT", candles[1].OpenTimeMs), CandleRowCodec.RowKeyText("BTCUSDT", candles[3].OpenTimeMs)],
            retry.Entries.Select(e => e.RowKey.ToStringUtf8()));
    }

    [Fact]
    public async Task Write_StreamBreaksAfterSomeStatuses_RetriesTheUnconfirmedEntries()
    {
        var invoker = new ScriptedBigtableInvoker()
            .Then([Statuses((2, 0))], new RpcException(new Status(StatusCode.Unavailable, "connection reset")))
            .Then([Statuses((0, 0), (1, 0))]);
        var candles = RealCandles.Take(3);

        await Store(invoker).WriteAsync("BTCUSDT", candles);

        var retry = Assert.IsType<MutateRowsRequest>(invoker.Requests[1]);
        Assert.Equal(2, retry.Entries.Count);
        Assert.DoesNotContain(retry.Entries, e => e.RowKey == CandleRowCodec.RowKey("BTCUSDT", candles[2].OpenTimeMs));
    }

    [Fact]
    public async Task Write_EntryFailsPermanently_ThrowsNamingTheRowWithoutRetrying()
    {
        var invoker = new ScriptedBigtableInvoker().Then([Statuses((0, 0), (1, (int)StatusCode.InvalidArgument))]);
        var candles = RealCandles.Take(2);

        var error = await Assert.ThrowsAsync<StoreException>(() => Store(invoker).WriteAsync("BTCUSDT", candles));

        Assert.Single(invoker.Requests);
        Assert.Contains(CandleRowCodec.RowKeyText("BTCUSDT", candles[1].OpenTimeMs), error.Message);
        Assert.Contains("InvalidArgument", error.Message);
    }

    [Fact]
    public async Task Write_EntryKeepsFailing_GivesUpAfterMaxAttempts()
    {
        var invoker = new ScriptedBigtableInvoker();
        for (var i = 0; i < 3; i++)
        {
            invoker.Then([Statuses((0, (int)StatusCode.Unavailable))]);
        }

        var error = await Assert.ThrowsAsync<StoreException>(() => Store(invoker, maxAttempts: 3).WriteAsync("BTCUSDT", RealCandles.Take(1)));

        Assert.Equal(3, invoker.Requests.Count);
        Assert.Contains("after 3 attempt(s)", error.Message);
    }

    [Fact]
    public async Task Read_StreamBreaksMidRow_ResumesAfterTheLastCompleteRow()
    {
        var candles = RealCandles.Take(3);
        var keys = candles.Select(c => CandleRowCodec.RowKey("BTCUSDT", c.OpenTimeMs)).ToArray();
        var invoker = new ScriptedBigtableInvoker()
            .Then(
                [new ReadRowsResponse { Chunks = { Row(keys[0], candles[0]) } }, new ReadRowsResponse { Chunks = { Row(keys[1], candles[1] with { Open = 1, High = 2 }).Take(2) } }],
                new RpcException(new Status(StatusCode.Unavailable, "stream reset")))
            .Then([new ReadRowsResponse { Chunks = { Row(keys[1], candles[1]) } }, new ReadRowsResponse { Chunks = { Row(keys[2], candles[2]) } }]);

        var read = await Store(invoker).ReadAsync("BTCUSDT", 0, long.MaxValue);

        // The half-received row (with other values) was dropped, not merged into the resent one.
        Assert.Equal(candles, read);
        var resumed = Assert.IsType<ReadRowsRequest>(invoker.Requests[1]);
        Assert.Equal(keys[0], Assert.Single(resumed.Rows.RowRanges).StartKeyOpen);
        Assert.Equal(1, CellsPerColumnLimitOf(resumed.Filter));
    }

    private static BigtableCandleStore Store(ScriptedBigtableInvoker invoker, int maxAttempts = 5) => new(
        new BigtableApi.BigtableClient(invoker),
        new BigtableCandleStoreOptions
        {
            ProjectId = "p",
            MaxWriteAttempts = maxAttempts,
            MaxReadAttempts = maxAttempts,
            InitialBackoff = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(1),
        },
        new GoogleRpcCaller(OneAttempt));

    private static MutateRowsResponse Statuses(params (long Index, int Code)[] entries)
    {
        var response = new MutateRowsResponse();
        foreach (var (index, code) in entries)
        {
            response.Entries.Add(new MutateRowsResponse.Types.Entry { Index = index, Status = new RpcStatus { Code = code, Message = code == 0 ? string.Empty : "scripted" } });
        }

        return response;
    }

    private static List<Chunk> Row(ByteString key, CryptoSignalTracker.Core.Domain.Candle c)
    {
        var values = new[] { ("open", c.Open), ("high", c.High), ("low", c.Low), ("close", c.Close), ("volume", c.Volume) };
        var chunks = values.Select((v, i) => new Chunk
        {
            RowKey = i == 0 ? key : ByteString.Empty,
            FamilyName = i == 0 ? "market" : null,
            Qualifier = ByteString.CopyFromUtf8(v.Item1),
            TimestampMicros = 1000,
            Value = CandleRowCodec.EncodeNumber(v.Item2),
        }).ToList();
        chunks[^1].CommitRow = true;
        return chunks;
    }

    private static int CellsPerColumnLimitOf(RowFilter filter) =>
        filter.Chain.Filters.Single(f => f.FilterCase == RowFilter.FilterOneofCase.CellsPerColumnLimitFilter).CellsPerColumnLimitFilter;
}

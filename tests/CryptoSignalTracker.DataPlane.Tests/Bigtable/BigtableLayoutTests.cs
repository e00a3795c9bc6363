using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Protos.Bigtable;
using CryptoSignalTracker.Google.Protos.Bigtable.Admin;
using Google.Protobuf;
using Grpc.Core;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>The original system's layout on the emulator: rows written by hand, versions, the GC rule, table creation.</summary>
public sealed class BigtableLayoutTests : IAsyncLifetime
{
    private const long OpenTimeMs = 1_748_623_140_000; // 2025-05-30T16:39:00Z
    private BigtableTestTable _table = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => _table = await BigtableTestTable.CreateAsync();

    /// <inheritdoc />
    public async Task DisposeAsync() => await _table.DisposeAsync();

    [Fact]
    public async Task Read_RowInTheOriginalLayout_DecodesItsFiveColumns()
    {
        await WriteRawAsync("BTCUSDT#1748623140", 1_000_000, ("open", "104217.5"), ("high", "104402.7"), ("low", "104200.0"), ("close", "104337.8"), ("volume", "477.605"));

        var read = await _table.NewStore().ReadAsync("BTCUSDT", OpenTimeMs, OpenTimeMs + 60_000);

        Assert.Equal([new Candle(OpenTimeMs, 104217.5, 104402.7, 104200.0, 104337.8, 477.605)], read);
    }

    [Fact]
    public async Task Read_SeveralVersionsOfACell_ReturnsOnlyTheLatest()
    {
        await WriteRawAsync("BTCUSDT#1748623140", 1_000_000, ("open", "1"), ("high", "3"), ("low", "0.5"), ("close", "2"), ("volume", "10"));
        await WriteRawAsync("BTCUSDT#1748623140", 3_000_000, ("close", "2.75"), ("volume", "12"));
        await WriteRawAsync("BTCUSDT#1748623140", 2_000_000, ("close", "2.5"));

        var read = await _table.NewStore().ReadAsync("BTCUSDT", 0, long.MaxValue);

        Assert.Equal([new Candle(OpenTimeMs, 1, 3, 0.5, 2.75, 12)], read);
    }

    [Fact]
    public async Task Write_StoresDecimalTextUnderTheOriginalKeyAndQualifiers()
    {
        var candle = new Candle(OpenTimeMs, 104217.5, 104402.7, 104200, 104337.8, 477.605, 1234, 300.5, 177.105);
        await _table.NewStore().WriteAsync("BTCUSDT", [candle]);

        var cells = await ReadRawAsync("BTCUSDT#1748623140");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["open"] = "104217.5",
                ["high"] = "104402.7",
                ["low"] = "104200",
                ["close"] = "104337.8",
                ["volume"] = "477.605",
                ["trades"] = "1234",
                ["buy_volume"] = "300.5",
                ["sell_volume"] = "177.105",
            },
            cells);
    }

    [Fact]
    public async Task Read_RowMissingAColumn_ThrowsCorruptRecordNamingRowAndColumn()
    {
        await WriteRawAsync("BTCUSDT#1748623140", 1_000_000, ("open", "1"), ("high", "3"), ("low", "0.5"), ("volume", "10"));

        var error = await Assert.ThrowsAsync<CorruptRecordException>(() => _table.NewStore().ReadAsync("BTCUSDT", 0, long.MaxValue));

        Assert.Equal("BTCUSDT#1748623140", error.RecordName);
        Assert.Contains("market:close", error.Message);
    }

    [Fact]
    public async Task CreateIfAbsent_SecondTime_ReportsExistingTableWithItsGcRule()
    {
        Assert.False(await _table.Manager.CreateIfAbsentAsync());

        var schema = await _table.Manager.GetAsync();

        Assert.NotNull(schema);
        var family = Assert.Single(schema.ColumnFamilies);
        Assert.Equal("market", family.Key);
        Assert.Equal(GcRule.RuleOneofCase.Union, family.Value.GcRule.RuleCase);
        Assert.Contains(family.Value.GcRule.Union.Rules, r => r.MaxNumVersions == 1);
        Assert.Contains(family.Value.GcRule.Union.Rules, r => r.MaxAge?.ToTimeSpan() == BigtableCandleStoreOptions.DefaultGcMaxAge);
    }

    private async Task WriteRawAsync(string key, long timestampMicros, params (string Qualifier, string Value)[] cells)
    {
        var request = new MutateRowRequest { TableName = _table.Options.TableName, RowKey = ByteString.CopyFromUtf8(key) };
        foreach (var (qualifier, value) in cells)
        {
            request.Mutations.Add(new Mutation
            {
                SetCell = new Mutation.Types.SetCell
                {
                    FamilyName = "market",
                    ColumnQualifier = ByteString.CopyFromUtf8(qualifier),
                    TimestampMicros = timestampMicros,
                    Value = ByteString.CopyFromUtf8(value),
                },
            });
        }

        await _table.RawClient().MutateRowAsync(request);
    }

    private async Task<Dictionary<string, string>> ReadRawAsync(string key)
    {
        var request = new ReadRowsRequest { TableName = _table.Options.TableName, Rows = new RowSet { RowKeys = { ByteString.CopyFromUtf8(key) } } };
        using var call = _table.RawClient().ReadRows(request);
        var merger = new ReadRowsMerger();
        var rows = new List<BigtableRow>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            merger.Add(response, rows);
        }

        var row = Assert.Single(rows);
        Assert.All(row.Cells, c => Assert.Equal("market", c.Family));
        return row.Cells.ToDictionary(c => c.Qualifier.ToStringUtf8(), c => c.Value.ToStringUtf8());
    }
}

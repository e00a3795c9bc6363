using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Protos.Bigtable;
using Google.Protobuf;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>The candle contract on the Bigtable emulator.</summary>
public sealed class BigtableCandleStoreTests : CandleStoreContract
{
    private BigtableTestTable _table = null!;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        _table = await BigtableTestTable.CreateAsync();
        await base.InitializeAsync();
    }

    /// <inheritdoc />
    public override async Task DisposeAsync() => await _table.DisposeAsync();

    /// <inheritdoc />
    protected override Task<ICandleStore> CreateStoreAsync() => Task.FromResult<ICandleStore>(_table.NewStore());

    /// <inheritdoc />
    protected override async Task CorruptCloseAsync(string symbol, long openTimeMs)
    {
        var request = new MutateRowRequest { TableName = _table.Options.TableName, RowKey = CandleRowCodec.RowKey(symbol, openTimeMs) };
        request.Mutations.Add(new Mutation
        {
            SetCell = new Mutation.Types.SetCell
            {
                FamilyName = _table.Options.FamilyName,
                ColumnQualifier = ByteString.CopyFromUtf8(CandleRowCodec.Close),
                TimestampMicros = CandleRowCodec.ServerTimestamp,
                Value = ByteString.CopyFromUtf8("n/a"),
            },
        });
        await _table.RawClient().MutateRowAsync(request);
    }
}

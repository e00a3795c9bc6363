using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.DataPlane.Tests.Emulators;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Bigtable;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>Our store and Google's official Node client (@google-cloud/bigtable) read each other's candles on the same emulator.</summary>
public sealed class NodeClientInteropTests : IAsyncLifetime
{
    private BigtableTestTable _table = null!;
    private string _host = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _host = EmulatorEnvironment.RequireBigtable();
        _table = await BigtableTestTable.CreateAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await _table.DisposeAsync();

    [Fact]
    public async Task NodeClient_ReadsCandlesOurStoreWrote()
    {
        var candles = RealCandles.TakeWithFlow(400);
        await _table.NewStore().WriteAsync("BTCUSDT", candles);
        await _table.NewStore().WriteAsync("BTC", candles[..3]);

        var json = await NodeBigtablePeer.RunAsync(_host, "read", _table.Options.ProjectId, _table.Options.InstanceId, _table.Options.TableId, "BTCUSDT");
        var rows = JsonSerializer.Deserialize<NodeRow[]>(json)!;

        Assert.Equal(candles.Length, rows.Length);
        for (var i = 0; i < candles.Length; i++)
        {
            var c = candles[i];
            Assert.Equal(CandleRowCodec.RowKeyText("BTCUSDT", c.OpenTimeMs), rows[i].Key);
            Assert.Equal(
                new Dictionary<string, string>
                {
                    ["open"] = WireNames.Number(c.Open),
                    ["high"] = WireNames.Number(c.High),
                    ["low"] = WireNames.Number(c.Low),
                    ["close"] = WireNames.Number(c.Close),
                    ["volume"] = WireNames.Number(c.Volume),
                    ["trades"] = c.Trades.ToString(CultureInfo.InvariantCulture),
                    ["buy_volume"] = WireNames.Number(c.BuyVolume),
                    ["sell_volume"] = WireNames.Number(c.SellVolume),
                },
                rows[i].Cells);
        }
    }

    [Fact]
    public async Task OurStore_ReadsCandlesTheNodeClientWroteInTheOriginalLayout()
    {
        var candles = RealCandles.Take(300);
        var rows = candles.Select(c => new NodeRow(
            CandleRowCodec.RowKeyText("SOLUSDT", c.OpenTimeMs),
            new Dictionary<string, string>
            {
                ["open"] = WireNames.Number(c.Open),
                ["high"] = WireNames.Number(c.High),
                ["low"] = WireNames.Number(c.Low),
                ["close"] = WireNames.Number(c.Close),
                ["volume"] = WireNames.Number(c.Volume),
            })).ToArray();
        var file = Path.Combine(Path.GetTempPath(), $"cst-interop-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(rows));
        try
        {
            await NodeBigtablePeer.RunAsync(_host, "write", _table.Options.ProjectId, _table.Options.InstanceId, _table.Options.TableId, file);
        }
        finally
        {
            File.Delete(file);
        }

        var read = await _table.NewStore().ReadAsync("SOLUSDT", 0, long.MaxValue);

        Assert.Equal(candles, read);
    }

    /// <summary>A row as interop.js prints and reads it.</summary>
    /// <param name="Key">Row key.</param>
    /// <param name="Cells">Qualifier to UTF-8 value of family <c>market</c>.</param>
    public sealed record NodeRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("key")] string Key,
        [property: System.Text.Json.Serialization.JsonPropertyName("cells")] Dictionary<string, string> Cells);
}

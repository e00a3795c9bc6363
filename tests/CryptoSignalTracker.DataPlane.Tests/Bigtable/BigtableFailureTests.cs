using System.Net;
using System.Net.Sockets;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Emulators;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>What the Bigtable store does when the table, the emulator or the network is not there.</summary>
public sealed class BigtableFailureTests
{
    // Generous bound: the store must give up on its own long before this; reaching it means a hang.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static readonly GoogleCallSettings FastCalls = new() { AttemptTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 2 };

    [Fact]
    public async Task WriteAndRead_MissingTable_ThrowStoreErrorNamingTheTable()
    {
        var host = EmulatorEnvironment.RequireBigtable();
        using var factory = BigtableTestTable.FactoryFor(host);
        var options = BigtableTestTable.UniqueOptions();
        var store = new BigtableCandleStore(factory, options);

        var write = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync("BTCUSDT", RealCandles.Take(3)));
        var read = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("BTCUSDT", 0, long.MaxValue));

        Assert.Contains(options.TableName, write.Message);
        Assert.Contains("does not exist", write.Message);
        Assert.Contains("does not exist", read.Message);
    }

    [Fact]
    public async Task WriteAndRead_EmulatorDown_FailWithUnreachableErrorInsteadOfHanging()
    {
        var closedPort = FreePort();
        using var factory = BigtableTestTable.FactoryFor($"127.0.0.1:{closedPort}");
        var options = BigtableTestTable.UniqueOptions();
        options.MaxWriteAttempts = 2;
        options.MaxReadAttempts = 2;
        var store = new BigtableCandleStore(factory, options, new GoogleRpcCaller(FastCalls));

        var write = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync("BTCUSDT", RealCandles.Take(3)).WaitAsync(HangGuard));
        var read = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("BTCUSDT", 0, long.MaxValue).WaitAsync(HangGuard));

        Assert.Contains("unreachable", write.Message);
        Assert.Contains("unreachable", read.Message);
    }

    [Fact]
    public async Task Write_ServerThatNeverAnswers_FailsAtTheDeadline()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var acceptLoop = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync());
            }
        });
        using var factory = BigtableTestTable.FactoryFor($"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var options = BigtableTestTable.UniqueOptions();
        options.MaxWriteAttempts = 1;
        options.AttemptTimeout = TimeSpan.FromSeconds(1);
        var store = new BigtableCandleStore(factory, options, new GoogleRpcCaller(FastCalls));

        var error = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync("BTCUSDT", RealCandles.Take(3)).WaitAsync(HangGuard));

        Assert.Contains("deadline", error.Message);
        Assert.False(acceptLoop.IsCompleted);
        accepted.ForEach(s => s.Dispose());
    }

    [Fact]
    public void Options_Invalid_ThrowNamingTheMember()
    {
        var error = Assert.Throws<ArgumentException>(() => new BigtableCandleStoreOptions { ProjectId = "p", RowsPerBatch = 20_000 }.Validate());
        Assert.Contains(nameof(BigtableCandleStoreOptions.RowsPerBatch), error.Message);
        Assert.Throws<ArgumentException>(() => new BigtableCandleStoreOptions().Validate());
        Assert.Throws<ArgumentException>(() => new BigtableCandleStoreOptions { ProjectId = "p", FamilyName = "bad family" }.Validate());
    }

    [Fact]
    public void EncodeNumber_MatchesWireNamesForRealPrices()
    {
        foreach (var c in RealCandles.TakeWithFlow(500))
        {
            foreach (var v in new[] { c.Open, c.High, c.Low, c.Close, c.Volume, c.BuyVolume, c.SellVolume })
            {
                Assert.Equal(WireNames.Number(v), CandleRowCodec.EncodeNumber(v).ToStringUtf8());
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>What the Firestore stores do when the emulator is down or stored documents are malformed.</summary>
public sealed class FirestoreFailureTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private static readonly GoogleCallSettings FastCalls = new() { AttemptTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 2 };

    [Fact]
    public async Task Stores_EmulatorDown_FailWithUnreachableErrorInsteadOfHanging()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var factory = FirestoreTestDatabase.FactoryFor($"127.0.0.1:{port}");
        var database = new FirestoreDatabase(factory, new FirestoreOptions { ProjectId = "cst-down" }, new GoogleRpcCaller(FastCalls));

        var claim = await Assert.ThrowsAsync<StoreException>(() => new FirestoreIdempotencyStore(database).TryClaimAsync("emitted_signals", "s1").WaitAsync(HangGuard));
        var open = await Assert.ThrowsAsync<StoreException>(() => new FirestorePositionBook(database)
            .TryOpenAsync(new(
                "p1", "BTCUSDT", CryptoSignalTracker.Core.Domain.Direction.Long, CryptoSignalTracker.Core.Domain.SignalKind.Micro,
                1, 2, 1, 3, 1, 1, 0))
            .WaitAsync(HangGuard));

        Assert.Contains("unreachable", claim.Message);
        Assert.Contains("FIRESTORE_EMULATOR_HOST", open.Message);
    }

    [Fact]
    public async Task Read_ServerThatNeverAnswers_FailsAtTheDeadline()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var sockets = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                sockets.Add(await silent.AcceptSocketAsync());
            }
        });
        using var factory = FirestoreTestDatabase.FactoryFor($"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var database = new FirestoreDatabase(factory, new FirestoreOptions { ProjectId = "cst-silent" }, new GoogleRpcCaller(FastCalls));

        var error = await Assert.ThrowsAsync<StoreException>(() => new FirestoreBiasStore(database).GetAsync("BTCUSDT").WaitAsync(HangGuard));

        Assert.Contains("no answer within 1 s", error.Message);
        sockets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task ListOpen_DocumentWithMissingField_ThrowsCorruptRecordNamingDocumentAndField()
    {
        using var test = new FirestoreTestDatabase();
        var database = test.NewDatabase();
        var name = database.DocumentName(FirestoreCollections.Positions, "p9");
        await database.SetAsync(name, new Dictionary<string, Value> { ["signal_id"] = FirestoreFields.Of("p9"), ["symbol"] = FirestoreFields.Of("BTCUSDT") }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CorruptRecordException>(() => new FirestorePositionBook(database).ListOpenAsync());

        Assert.Equal(name, error.RecordName);
        Assert.Contains("'side'", error.Message);
    }

    [Fact]
    public void Options_Invalid_ThrowNamingTheMember()
    {
        Assert.Contains(nameof(FirestoreOptions.ProjectId), Assert.Throws<ArgumentException>(() => new FirestoreOptions().Validate()).Message);
        Assert.Contains(
            nameof(FirestoreOptions.MaxTransactionAttempts),
            Assert.Throws<ArgumentException>(() => new FirestoreOptions { ProjectId = "p", MaxTransactionAttempts = 0 }.Validate()).Message);
    }
}

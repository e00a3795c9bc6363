using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Stores;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>The stage health records on SQLite, and a heartbeat that cannot be written.</summary>
public sealed class SqliteStageHealthTests : StageHealthContract, IDisposable
{
    private readonly SqliteTestFile _file = new();

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <inheritdoc />
    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new SqliteStateStore(new SqliteDatabase(_file.Path)));

    [Fact]
    public async Task Recorder_WriteFails_StageGoesOn_FailureReported_CountsKeptForTheNextWrite()
    {
        _ = await CreateStoreAsync(); // the schema
        await new SqliteStateStore(new SqliteDatabase(_file.Path)).PutAsync("x", "y", "z");
        var failures = new List<Exception>();
        var readOnly = new SqliteStateStore(SqliteDatabase.OpenReadOnly(_file.Path));
        var recorder = new StageHeartbeatRecorder(PipelineStages.Aggregator, new StageHealthStore(readOnly), failed: e => { lock (failures) { failures.Add(e); } }, interval: TimeSpan.Zero);

        for (var i = 0; i < 3; i++)
        {
            recorder.Event(60_000); // never throws, never waits on the store
        }

        await recorder.FlushAsync();
        await recorder.DisposeAsync();

        Assert.Equal(0, recorder.Writes);
        lock (failures)
        {
            Assert.NotEmpty(failures);
        }

        Assert.Null(await new StageHealthStore(State).ReadAsync(PipelineStages.Aggregator));
    }
}

using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>
/// The stages' health records (<see cref="StageHealthStore"/>) and the recorder that writes them, on every state store:
/// the same records on SQLite and on Firestore.
/// </summary>
public abstract class StageHealthContract : IAsyncLifetime
{
    /// <summary>State store under test.</summary>
    protected IStateStore State { get; private set; } = null!;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => State = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A store on the test's storage; each call is another instance on the same data.</summary>
    protected abstract Task<IStateStore> CreateStoreAsync();

    [Fact]
    public async Task Add_CreatesThenSumsCounts_TimesTakeTheNewer_NoteKept()
    {
        var store = new StageHealthStore(State);
        await store.AddAsync(new StageHeartbeat(PipelineStages.Aggregator, 1_000, 60_000, 3, 1, 2, 1, 900, "replay", 1_000));
        await store.AddAsync(new StageHeartbeat(PipelineStages.Aggregator, 5_000, 30_000, 4, 0, 1, 2, null, null, 5_000));

        var record = await new StageHealthStore(await CreateStoreAsync()).ReadAsync(PipelineStages.Aggregator);

        Assert.Equal(new StageHeartbeat(PipelineStages.Aggregator, 5_000, 60_000, 7, 1, 3, 3, 900, "replay", 5_000), record);
    }

    [Fact]
    public async Task Read_EveryStageOrderedByName_AbsentWhenNeverWritten()
    {
        var store = new StageHealthStore(State);
        Assert.Empty(await store.ReadAsync());
        Assert.Null(await store.ReadAsync(PipelineStages.Notifier));
        foreach (var stage in new[] { PipelineStages.Notifier, PipelineStages.Ingestor, PipelineStages.LogicEngine })
        {
            await store.AddAsync(new StageHeartbeat(stage, 1, 2, 1, 0, 0, 0, null, null, 1));
        }

        Assert.Equal([PipelineStages.Ingestor, PipelineStages.LogicEngine, PipelineStages.Notifier], (await store.ReadAsync()).Select(r => r.Stage));
    }

    [Fact]
    public async Task Read_ARecordThatIsNotOne_NamesIt()
    {
        await State.PutAsync(StageHealthStore.Collection, PipelineStages.Ingestor, "{not json");

        var error = await Assert.ThrowsAsync<CorruptRecordException>(() => new StageHealthStore(State).ReadAsync());

        Assert.Contains("stage-health/Ingestor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorder_ABurstOfEvents_IsCoalescedIntoTwoWrites_WithEveryCount()
    {
        var rejected = 10L; // the process's running total before the recorder starts: not this recorder's
        var failures = new List<Exception>();
        await using (var recorder = new StageHeartbeatRecorder(
            PipelineStages.LogicEngine, new StageHealthStore(State), TimeProvider.System, failures.Add, TimeSpan.FromHours(1), null, () => rejected))
        {
            for (var i = 0; i < 500; i++)
            {
                recorder.Event(1_000_000 + (i * 60_000L), correction: i % 100 == 0);
                rejected += i % 250 == 0 ? 1 : 0;
            }

            recorder.DeadLetter();
            await recorder.FlushAsync();

            // The first event's write (in the background), then the flush with everything after it: at most 2 writes, not 501.
            Assert.InRange(recorder.Writes, 1, 2);
        }

        Assert.Empty(failures);
        var record = await new StageHealthStore(await CreateStoreAsync()).ReadAsync(PipelineStages.LogicEngine);
        Assert.NotNull(record);
        Assert.Equal(500, record.Events);
        Assert.Equal(5, record.Corrections);
        Assert.Equal(2, record.Rejected);
        Assert.Equal(1, record.DeadLetters);
        Assert.Equal(1_000_000 + (499 * 60_000L), record.ExchangeTimeMs);
        Assert.NotNull(record.LastEventMs);
        Assert.NotNull(record.LastDeadLetterMs);
    }

    [Fact]
    public async Task Recorder_IntervalZero_WritesAsEventsCome_NothingPendingWritesNothing()
    {
        var recorder = new StageHeartbeatRecorder(PipelineStages.Notifier, new StageHealthStore(State), interval: TimeSpan.Zero);
        await recorder.FlushAsync();
        Assert.Equal(0, recorder.Writes);

        recorder.Event(42);
        await recorder.DisposeAsync();

        Assert.Equal(1, recorder.Writes);
        Assert.Equal(42, (await new StageHealthStore(State).ReadAsync(PipelineStages.Notifier))!.ExchangeTimeMs);
    }
}

using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>The behaviour every <see cref="IAlertLog"/> must show.</summary>
public abstract class AlertLogContract : IAsyncLifetime
{
    /// <summary>Log under test.</summary>
    protected IAlertLog Log { get; private set; } = null!;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => Log = await CreateLogAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A log on the test's storage; calling it again is a restart on the same data.</summary>
    protected abstract Task<IAlertLog> CreateLogAsync();

    [Fact]
    public async Task Record_SeveralChats_ListedByChatAfterRestart()
    {
        var group = new AlertDelivery("sig-1", -1001234567890, 42, 1_748_622_601_000);
        var user = new AlertDelivery("sig-1", 987654321, 7, 1_748_622_601_500);
        var other = new AlertDelivery("sig-2", 987654321, 8, 1_748_622_700_000);

        Assert.True(await Log.RecordAsync(user));
        Assert.True(await Log.RecordAsync(group));
        Assert.True(await Log.RecordAsync(other));
        var restarted = await CreateLogAsync();

        Assert.Equal([group, user], await restarted.ListAsync("sig-1"));
        Assert.Equal([other], await restarted.ListAsync("sig-2"));
        Assert.Empty(await restarted.ListAsync("sig-3"));
    }

    [Fact]
    public async Task Record_SameSignalAndChatAgain_KeepsTheFirst()
    {
        var first = new AlertDelivery("sig-1", 5, 42, 1_000);

        Assert.True(await Log.RecordAsync(first));
        Assert.False(await Log.RecordAsync(first with { MessageId = 43 }));

        Assert.Equal([first], await Log.ListAsync("sig-1"));
    }
}

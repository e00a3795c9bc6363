namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>The test context's own helpers against the emulator: a test that waits on them must not hang.</summary>
public sealed class PubSubTestContextTests : IDisposable
{
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(15);
    private readonly PubSubTestContext _context = PubSubTestContext.Create();

    [Fact]
    public async Task PullAsync_NothingPublished_ReturnsEmptyOnceItsTimeoutPasses()
    {
        // The emulator holds a Pull open until a message arrives: the helper's timeout must bound the call itself,
        // or a test that pulls before it publishes (as the virtual-time batching tests do) waits forever.
        var (_, subscription) = await _context.CreateTopicAndSubscriptionAsync();

        var received = await _context.PullAsync(subscription, 1, TimeSpan.FromMilliseconds(500)).WaitAsync(RealWait);

        Assert.Empty(received);
    }

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();
}

using System.Text;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Bus;

namespace CryptoSignalTracker.DataPlane.Tests.Bus;

/// <summary>Validation of bus definitions and in-process specifics.</summary>
public sealed class BusDefinitionTests
{
    private static BusSubscription Valid => new() { Name = "sub-a", Topic = "topic-a", DeadLetterTopic = "topic-a-dlq" };

    [Theory]
    [InlineData(4)]
    [InlineData(101)]
    public void Validate_MaxDeliveryAttemptsOutOfRange_ThrowsNamingMember(int attempts)
    {
        var error = Assert.Throws<ArgumentException>((Valid with { MaxDeliveryAttempts = attempts }).Validate);

        Assert.Equal(nameof(BusSubscription.MaxDeliveryAttempts), error.ParamName);
        Assert.Contains("5..100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeadLetterTopicSameAsTopic_Throws()
    {
        var error = Assert.Throws<ArgumentException>((Valid with { DeadLetterTopic = "topic-a" }).Validate);

        Assert.Equal(nameof(BusSubscription.DeadLetterTopic), error.ParamName);
    }

    [Fact]
    public void Validate_MaximumBackoffBelowMinimum_Throws()
    {
        var definition = Valid with { MinimumBackoff = TimeSpan.FromSeconds(5), MaximumBackoff = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<ArgumentException>(definition.Validate);

        Assert.Equal(nameof(BusSubscription.MaximumBackoff), error.ParamName);
    }

    [Fact]
    public void BusMessage_NoDataNoAttributes_ThrowsClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new BusMessage(ReadOnlyMemory<byte>.Empty));

        Assert.Contains("non-empty payload or at least one attribute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ZeroConcurrency_ThrowsNamingMember()
    {
        var error = Assert.Throws<ArgumentException>(() => new InProcessMessageBus(new InProcessMessageBusOptions { MaxConcurrentHandlers = 0 }));

        Assert.Equal(nameof(InProcessMessageBusOptions.MaxConcurrentHandlers), error.ParamName);
    }

    [Fact]
    public async Task SubscribeAsync_SecondHandlerOnSameSubscription_ThrowsClearError()
    {
        await using var bus = new InProcessMessageBus();
        await bus.EnsureTopicAsync("topic-a", CancellationToken.None);
        await bus.EnsureSubscriptionAsync(Valid, CancellationToken.None);
        await using var first = await bus.SubscribeAsync("sub-a", (_, _) => Task.CompletedTask, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bus.SubscribeAsync("sub-a", (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Contains("already has a handler", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderedKey_FailingMessage_LaterMessagesWaitUntilItSucceeds()
    {
        await using var bus = new InProcessMessageBus();
        await bus.EnsureTopicAsync("topic-a", CancellationToken.None);
        await bus.EnsureSubscriptionAsync(Valid with { MinimumBackoff = TimeSpan.FromMilliseconds(10), MaximumBackoff = TimeSpan.FromMilliseconds(10) }, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await bus.PublishAsync("topic-a", new BusMessage(Encoding.UTF8.GetBytes($"m{i}"), null, "BTCUSDT"), CancellationToken.None);
        }

        var log = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await bus.SubscribeAsync("sub-a", (message, _) =>
        {
            var text = Encoding.UTF8.GetString(message.Data.Span);
            lock (log)
            {
                log.Add($"{text}#{message.DeliveryAttempt}");
            }

            if (text == "m0" && message.DeliveryAttempt < 3)
            {
                throw new InvalidOperationException("not yet");
            }

            if (text == "m2")
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        }, CancellationToken.None);

        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["m0#1", "m0#2", "m0#3", "m1#1", "m2#1"], log);
    }

    [Fact]
    public async Task PublishAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var bus = new InProcessMessageBus();
        await bus.EnsureTopicAsync("topic-a", CancellationToken.None);
        await bus.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => bus.PublishAsync("topic-a", new BusMessage("x"u8.ToArray()), CancellationToken.None));
    }
}

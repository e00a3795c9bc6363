using CryptoSignalTracker.Telegram.Sending;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Telegram.Tests;

public class SendRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_748_795_940));

    [Fact]
    public void Reserve_ManyChats_AtMostTwentyNineInAnyOneSecond()
    {
        var limiter = new SendRateLimiter(new SendQueueOptions(), _time);

        var at = Enumerable.Range(1, 300).Select(chat => limiter.Reserve(chat)).ToList();

        Assert.Equal(TimeSpan.Zero, at[0]);
        Assert.True(MaxInWindow(at, TimeSpan.FromSeconds(1)) <= 29, $"max {MaxInWindow(at, TimeSpan.FromSeconds(1))} in 1 s");
        Assert.InRange(at[^1].TotalSeconds, 299 * ((1 / 29.0) + 0.001), (299 * ((1 / 29.0) + 0.001)) + 0.001);
    }

    [Fact]
    public void Reserve_OnePrivateChat_OneMessagePerSecond()
    {
        var limiter = new SendRateLimiter(new SendQueueOptions(), _time);

        var at = Enumerable.Range(0, 10).Select(_ => limiter.Reserve(7)).ToList();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => TimeSpan.FromMilliseconds(1001 * i)), at);
    }

    [Fact]
    public void Reserve_OneGroup_AtMostTwentyPerMinute()
    {
        var limiter = new SendRateLimiter(new SendQueueOptions(), _time);

        var at = Enumerable.Range(0, 50).Select(_ => limiter.Reserve(-100123)).ToList();

        Assert.True(MaxInWindow(at, TimeSpan.FromMinutes(1)) <= 20);
        Assert.Equal(TimeSpan.FromMilliseconds(3001), at[1] - at[0]);
    }

    [Fact]
    public void Reserve_TimePassed_NoWaitAgain()
    {
        var limiter = new SendRateLimiter(new SendQueueOptions(), _time);
        limiter.Reserve(7);

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.Zero, limiter.Reserve(7));
    }

    [Fact]
    public void Penalize_RetryAfter_HoldsThatChatOnly()
    {
        var limiter = new SendRateLimiter(new SendQueueOptions(), _time);

        limiter.Penalize(7, TimeSpan.FromSeconds(35));

        Assert.Equal(TimeSpan.FromSeconds(35), limiter.Reserve(7));
        Assert.True(limiter.Reserve(8) < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task WaitAsync_InVirtualTime_CompletesWhenTheClockReachesTheSlot()
    {
        var limiter = new SendRateLimiter(new SendQueueOptions(), _time);
        await limiter.WaitAsync(7, CancellationToken.None);

        var second = limiter.WaitAsync(7, CancellationToken.None);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Options_OutOfRange_ThrowNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new SendRateLimiter(new SendQueueOptions { GlobalPerSecond = 0 }, _time));

        Assert.Contains("global send rate", e.Message);
    }

    private static int MaxInWindow(IReadOnlyList<TimeSpan> times, TimeSpan window)
    {
        var sorted = times.Order().ToList();
        var max = 0;
        for (int i = 0, j = 0; i < sorted.Count; i++)
        {
            while (sorted[i] - sorted[j] >= window)
            {
                j++;
            }

            max = Math.Max(max, i - j + 1);
        }

        return max;
    }
}

using CryptoSignalTracker.Google.PubSub;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>Resource name building and id validation.</summary>
public sealed class PubSubNamesTests
{
    [Fact]
    public void Topic_ValidIds_BuildsFullName()
    {
        Assert.Equal("projects/cst-test/topics/candles-1m", PubSubNames.Topic("cst-test", "candles-1m"));
        Assert.Equal("projects/p/subscriptions/aggregator.raw_ticks~1", PubSubNames.Subscription("p", "aggregator.raw_ticks~1"));
        Assert.Equal("candles-1m", PubSubNames.IdOf("projects/cst-test/topics/candles-1m"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("has space")]
    [InlineData("has/slash")]
    [InlineData("googthing")]
    public void Topic_InvalidId_ThrowsNamingTheId(string id)
    {
        var error = Assert.Throws<ArgumentException>(() => PubSubNames.Topic("p", id));

        Assert.Contains($"'{id}' is not a valid Pub/Sub topic id", error.Message, StringComparison.Ordinal);
    }
}

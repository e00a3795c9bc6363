using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;

namespace CryptoSignalTracker.Core.Tests.Strategy;

public sealed class BiasFilterTests
{
    private const long Now = 1_748_620_800_000;

    private static MacroBias Bias(double confidence, Direction side = Direction.Long, long published = Now - 60_000) =>
        new("BTCUSDT", side, confidence, published, published + (4 * 3_600_000));

    [Theory]
    [InlineData(79.9, true)]
    [InlineData(80, false)]
    [InlineData(95, false)]
    public void Allows_OppositeSide_BlockedOnlyFrom80(double confidence, bool allowed) =>
        Assert.Equal(allowed, new BiasFilter(new BiasFilterOptions()).Allows("BTCUSDT", Direction.Short, Bias(confidence), Now));

    [Fact]
    public void Allows_BiasDirection_AlwaysAllowed() =>
        Assert.True(new BiasFilter(new BiasFilterOptions()).Allows("BTCUSDT", Direction.Long, Bias(99), Now));

    [Fact]
    public void Allows_NoBias_BothDirections()
    {
        var filter = new BiasFilter(new BiasFilterOptions());
        Assert.True(filter.Allows("BTCUSDT", Direction.Long, null, Now));
        Assert.True(filter.Allows("BTCUSDT", Direction.Short, null, Now));
    }

    [Fact]
    public void Allows_ExpiredBias_CountsAsNone()
    {
        var expired = Bias(95, published: Now - (4 * 3_600_000));
        Assert.True(new BiasFilter(new BiasFilterOptions()).Allows("BTCUSDT", Direction.Short, expired, Now));
    }

    [Fact]
    public void Allows_StatelessBand_ReleasesAt75()
    {
        var filter = new BiasFilter(new BiasFilterOptions());
        Assert.False(filter.Allows("BTCUSDT", Direction.Short, Bias(85), Now));
        Assert.True(filter.Allows("BTCUSDT", Direction.Short, Bias(75), Now));
    }

    [Fact]
    public void Allows_Hysteresis_EngagesAt80AndReleasesOnlyBelow70()
    {
        var filter = new BiasFilter(new BiasFilterOptions { Hysteresis = true });

        Assert.True(filter.Allows("BTCUSDT", Direction.Short, Bias(75), Now)); // never engaged: 75 does not engage
        Assert.False(filter.Allows("BTCUSDT", Direction.Short, Bias(80), Now)); // engages
        Assert.False(filter.Allows("BTCUSDT", Direction.Short, Bias(75), Now)); // stays engaged in the band
        Assert.False(filter.Allows("BTCUSDT", Direction.Short, Bias(70), Now)); // 70 is not below 70
        Assert.True(filter.Allows("BTCUSDT", Direction.Short, Bias(69.9), Now)); // releases
        Assert.True(filter.Allows("BTCUSDT", Direction.Short, Bias(75), Now)); // and stays released in the band
        Assert.True(filter.Allows("ETHUSDT", Direction.Short, Bias(75) with { Symbol = "ETHUSDT" }, Now)); // per symbol
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;

namespace CryptoSignalTracker.Core.Tests.Macro;

public sealed class BiasFilterWouldAllowTests
{
    private const long T0 = 1_748_620_800_000;
    private const long HourMs = 3_600_000;

    private static MacroBias Long(double confidence) => new("BTCUSDT", Direction.Long, confidence, T0, T0 + (4 * HourMs));

    [Fact]
    public void WouldAllow_EngagedFilter_AnswersAsAllows()
    {
        var filter = new BiasFilter(new BiasFilterOptions { Hysteresis = true });

        Assert.False(filter.WouldAllow("BTCUSDT", Direction.Short, Long(85), T0));
        Assert.True(filter.WouldAllow("BTCUSDT", Direction.Long, Long(85), T0));
        Assert.False(filter.Allows("BTCUSDT", Direction.Short, Long(85), T0));
    }

    [Fact]
    public void WouldAllow_WithoutBias_DoesNotReleaseTheHysteresis()
    {
        var filter = new BiasFilter(new BiasFilterOptions { Hysteresis = true });
        Assert.False(filter.Allows("BTCUSDT", Direction.Short, Long(85), T0)); // engaged at ≥ 80

        Assert.True(filter.WouldAllow("BTCUSDT", Direction.Short, null, T0 + 1)); // no bias: released, but only as a preview

        Assert.False(filter.Allows("BTCUSDT", Direction.Short, Long(75), T0 + 2)); // still engaged: 75 is not below 70
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Risk;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Tests.Risk;

public sealed class PortfolioPreviewTests
{
    private const long T0 = 1_748_620_800_000;

    private static EntryIntent Long(double entry = 100) => new(Direction.Long, entry, entry * 0.99, entry * 1.02, 60, "test");

    [Fact]
    public void Preview_AllowedEntry_SizesAsTryOpenWithoutOpening()
    {
        var book = new Portfolio(new RiskOptions());

        var preview = book.Preview("s1", "BTCUSDT", SignalKind.Micro, Long(), T0);

        Assert.True(preview.Accepted, preview.SkipReason);
        Assert.Empty(book.Open);
        var opened = book.TryOpen("s1", "BTCUSDT", SignalKind.Micro, Long(), T0);
        Assert.Equal(opened.Position, preview.Position);
        Assert.Single(book.Open);
    }

    [Fact]
    public void Preview_OpenPositionOnTheSymbol_GivesTryOpensSkipReason()
    {
        var book = new Portfolio(new RiskOptions());
        Assert.True(book.TryOpen("s1", "BTCUSDT", SignalKind.Micro, Long(), T0).Accepted);

        var preview = book.Preview("s2", "BTCUSDT", SignalKind.Micro, Long(101), T0 + 60_000);

        Assert.False(preview.Accepted);
        Assert.Contains("already open on BTCUSDT (s1)", preview.SkipReason, StringComparison.Ordinal);
        Assert.Equal(book.TryOpen("s2", "BTCUSDT", SignalKind.Micro, Long(101), T0 + 60_000), preview);
        Assert.Single(book.Open);
    }
}

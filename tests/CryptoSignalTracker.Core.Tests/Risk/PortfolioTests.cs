using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Risk;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Tests.Risk;

public sealed class PortfolioTests
{
    private const long T0 = 1_748_620_800_000;
    private static readonly RiskOptions NoCosts = new() { SlippagePercent = 0, FeePercent = 0 };

    private static Position Opened(RiskDecision decision)
    {
        Assert.True(decision.Accepted, decision.SkipReason);
        return decision.Position!;
    }

    private static EntryIntent Long(double entry = 100, double stopPercent = 1) =>
        new(Direction.Long, entry, entry * (1 - (stopPercent / 100)), entry * 1.02, 60, "test");

    [Fact]
    public void TryOpen_DefaultRisk_SizesSoTheStopLosesHalfAPercent()
    {
        var book = new Portfolio(NoCosts);

        var p = Opened(book.TryOpen("s1", "BTCUSDT", SignalKind.Micro, Long(), T0));

        // risk 0.5 % of 10,000 = 50; stop 1 % away → notional 5,000 → 50 units at 100
        Assert.Equal(50, p.Quantity, 9);
        Assert.Equal(50, p.RiskAmount, 9);
    }

    [Fact]
    public void TryOpen_TightStop_CapsNotionalAtEquity()
    {
        var book = new Portfolio(NoCosts);

        var p = Opened(book.TryOpen("s1", "BTCUSDT", SignalKind.Micro, Long(stopPercent: 0.1), T0));

        Assert.Equal(100, p.Quantity, 9); // 50 / 0.001 = 50,000 > equity 10,000 → 10,000 notional
        Assert.Equal(10, p.RiskAmount, 9);
    }

    [Fact]
    public void TryOpen_SwingOpenOnSymbol_HalvesMicroSize()
    {
        var book = new Portfolio(NoCosts);
        book.TryOpen("w1", "BTCUSDT", SignalKind.Swing, Long(), T0);

        var p = Opened(book.TryOpen("m1", "BTCUSDT", SignalKind.Micro, Long(), T0));

        Assert.Equal(25, p.Quantity, 9);
    }

    [Fact]
    public void TryOpen_SecondMicroSameSymbol_IsSkipped()
    {
        var book = new Portfolio(NoCosts);
        book.TryOpen("m1", "BTCUSDT", SignalKind.Micro, Long(), T0);

        var same = book.TryOpen("m2", "BTCUSDT", SignalKind.Micro, Long(), T0 + 60_000);
        var opposite = book.TryOpen("m3", "BTCUSDT", SignalKind.Micro, new EntryIntent(Direction.Short, 100, 101, 98, 60, "t"), T0 + 60_000);

        Assert.False(same.Accepted);
        Assert.Contains("already open", same.SkipReason, StringComparison.Ordinal);
        Assert.False(opposite.Accepted);
        Assert.Contains("conflicts with the open MICRO LONG", opposite.SkipReason, StringComparison.Ordinal);
        Assert.Single(book.Open);
    }

    [Fact]
    public void TryOpen_FifthPositionOverTwoPercentCap_IsSkippedWithReason()
    {
        var book = new Portfolio(NoCosts);
        foreach (var s in new[] { "A1USDT", "A2USDT", "A3USDT", "A4USDT" })
        {
            Assert.True(book.TryOpen(s, s, SignalKind.Micro, Long(), T0).Accepted); // 4 × 0.5 % = 2 %
        }

        var fifth = book.TryOpen("A5USDT", "A5USDT", SignalKind.Micro, Long(), T0);

        Assert.False(fifth.Accepted);
        Assert.Contains("would exceed the 2 % cap", fifth.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveExits_StopAndTargetInOneCandle_TakesTheStop()
    {
        var book = new Portfolio(NoCosts);
        book.TryOpen("m1", "BTCUSDT", SignalKind.Micro, Long(), T0);
        var closed = new List<ClosedTrade>();

        book.ResolveExits("BTCUSDT", new Candle(T0, 100, 103, 98, 100, 1), closed);

        var t = Assert.Single(closed);
        Assert.Equal(ExitReason.StopLoss, t.Reason);
        Assert.Equal(99, t.ExitPrice, 9);
        Assert.Equal(-50, t.Pnl, 9);
        Assert.Equal(-1, t.RMultiple, 9);
    }

    [Fact]
    public void ResolveExits_GapThroughStop_FillsAtTheWorseOpen()
    {
        var book = new Portfolio(NoCosts);
        book.TryOpen("m1", "BTCUSDT", SignalKind.Micro, Long(), T0);
        var closed = new List<ClosedTrade>();

        book.ResolveExits("BTCUSDT", new Candle(T0, 97, 97.5, 96, 97, 1), closed);

        Assert.Equal(97, Assert.Single(closed).ExitPrice, 9);
    }

    [Fact]
    public void ResolveExits_TargetWithSlippageAndFees_NeverImprovesTheFill()
    {
        var costs = new RiskOptions { SlippagePercent = 0.1, FeePercent = 0.06 };
        var book = new Portfolio(costs);
        var p = Opened(book.TryOpen("m1", "BTCUSDT", SignalKind.Micro, Long(), T0));
        var closed = new List<ClosedTrade>();

        book.ResolveExits("BTCUSDT", new Candle(T0, 110, 111, 109, 110, 1), closed); // gaps above the 102 target

        var t = Assert.Single(closed);
        Assert.Equal(100.1, p.EntryPrice, 9); // entry filled 0.1 % worse
        Assert.Equal(ExitReason.TakeProfit, t.Reason);
        Assert.Equal(102 * 0.999, t.ExitPrice, 9); // target, 0.1 % worse; not the better 110 open
        var expectedFees = (100.1 * p.Quantity * 0.0006) + (102 * 0.999 * p.Quantity * 0.0006);
        Assert.Equal(expectedFees, t.Fees, 9);
        Assert.Equal(((102 * 0.999) - 100.1) * p.Quantity - expectedFees, t.Pnl, 9);
        Assert.Equal(10_000 + t.Pnl, book.Equity, 9);
    }

    [Fact]
    public void TryOpen_WithinCooldownAfterExit_IsSkippedThenAllowed()
    {
        var book = new Portfolio(NoCosts);
        book.TryOpen("m1", "BTCUSDT", SignalKind.Micro, Long(), T0);
        book.ResolveExits("BTCUSDT", new Candle(T0 + 60_000, 100, 100, 98, 98, 1), []);
        Assert.Empty(book.Open);

        var early = book.TryOpen("m2", "BTCUSDT", SignalKind.Micro, Long(), T0 + 60_000 + (14 * 60_000));
        var later = book.TryOpen("m3", "BTCUSDT", SignalKind.Micro, Long(), T0 + 60_000 + (15 * 60_000));

        Assert.False(early.Accepted);
        Assert.StartsWith("cool-down", early.SkipReason, StringComparison.Ordinal);
        Assert.True(later.Accepted);
    }

    [Fact]
    public void ResolveExits_MaxHoldingTime_ClosesWithTime()
    {
        var book = new Portfolio(NoCosts with { MaxHoldingMinutes = 2 });
        book.TryOpen("m1", "BTCUSDT", SignalKind.Micro, Long(), T0 + 60_000);
        var closed = new List<ClosedTrade>();

        book.ResolveExits("BTCUSDT", new Candle(T0 + 60_000, 100, 100.5, 99.5, 100.2, 1), closed);
        Assert.Empty(closed);
        book.ResolveExits("BTCUSDT", new Candle(T0 + 120_000, 100.2, 100.5, 99.5, 100.4, 1), closed);

        var t = Assert.Single(closed);
        Assert.Equal(ExitReason.Time, t.Reason);
        Assert.Equal(100.4, t.ExitPrice, 9);
    }

    [Fact]
    public void Options_NegativeSlippage_IsRejected() =>
        Assert.Contains("SlippagePercent", Assert.Throws<ArgumentException>(() => new Portfolio(new RiskOptions { SlippagePercent = -0.1 })).Message, StringComparison.Ordinal);
}

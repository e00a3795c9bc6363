using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests;

public sealed class DomainTests
{
    [Theory]
    [InlineData("1m", 1)]
    [InlineData("5m", 5)]
    [InlineData("15m", 15)]
    [InlineData("1h", 60)]
    [InlineData("4h", 240)]
    [InlineData("1d", 1440)]
    [InlineData("30", 30)]
    public void IntervalParse_KnownSpellings_GivesMinutes(string text, int minutes) =>
        Assert.Equal(minutes, Interval.Parse(text).Minutes);

    [Theory]
    [InlineData("")]
    [InlineData("0m")]
    [InlineData("5x")]
    [InlineData("-1m")]
    public void IntervalParse_Nonsense_ThrowsWithTheText(string text)
    {
        var ex = Assert.ThrowsAny<Exception>(() => Interval.Parse(text));
        Assert.True(ex is FormatException or ArgumentOutOfRangeException);
    }

    [Fact]
    public void IntervalFloor_AlignsToEpoch()
    {
        var fiveMinutes = new Interval(5);
        var t = DateTimeOffset.Parse("2025-05-30T16:39:59.999Z").ToUnixTimeMilliseconds();
        Assert.Equal(DateTimeOffset.Parse("2025-05-30T16:35:00Z").ToUnixTimeMilliseconds(), fiveMinutes.Floor(t));
    }

    [Fact]
    public void TradeIdParse_NumberUuidAndText_AreDistinctAndStable()
    {
        var number = TradeId.Parse("3535186032");
        var uuid = TradeId.Parse("20f43950-d8dd-5b31-9112-a178eb6023af");
        var text = TradeId.Parse("abc123");
        Assert.Equal(TradeId.FromNumber(3535186032), number);
        Assert.Equal(uuid, TradeId.Parse("20F43950-D8DD-5B31-9112-A178EB6023AF"));
        Assert.NotEqual(number, uuid);
        Assert.NotEqual(text, TradeId.Parse("abc124"));
        Assert.NotEqual(TradeId.Parse(new string('x', 40)), TradeId.Parse(new string('x', 41)));
    }

    [Fact]
    public void WireNamesTime_WholeSeconds_HasNoFraction() =>
        Assert.Equal("2025-05-30T16:39:00Z", WireNames.Time(DateTimeOffset.Parse("2025-05-30T16:39:00Z").ToUnixTimeMilliseconds()));

    [Fact]
    public void SignalMakeId_IsDeterministic() =>
        Assert.Equal("BTCUSDT-1748623140-v5.2-champion", Signal.MakeId("BTCUSDT", 1748623140000, "v5.2-champion"));
}

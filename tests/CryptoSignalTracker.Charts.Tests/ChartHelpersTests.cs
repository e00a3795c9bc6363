using CryptoSignalTracker.Core.Domain;
using ScottPlot;

namespace CryptoSignalTracker.Charts.Tests;

public sealed class ChartHelpersTests
{
    [Theory]
    [InlineData(105234.5, "105,234.5")]
    [InlineData(2650.1251, "2,650.13")]
    [InlineData(150.1234, "150.12")]
    [InlineData(1.23456, "1.235")]
    [InlineData(0.182345, "0.18235")]
    [InlineData(0.0000123456, "0.000012346")]
    public void Price_Magnitudes_ShowFiveToSevenSignificantDigits(double price, string expected)
    {
        Assert.Equal(expected, NumberText.Price(price));
    }

    [Theory]
    [InlineData(850, "850")]
    [InlineData(1234, "1.2K")]
    [InlineData(3_400_000, "3.4M")]
    [InlineData(0.5, "0.5")]
    public void Compact_Volumes_AreShort(double value, string expected)
    {
        Assert.Equal(expected, NumberText.Compact(value));
    }

    [Theory]
    [InlineData(10272.4, "10,272.40")]
    [InlineData(-52.126, "-52.13")]
    public void Money_Amounts_HaveTwoDecimals(double amount, string expected)
    {
        Assert.Equal(expected, NumberText.Money(amount));
    }

    [Fact]
    public void Ticks_TwoHoursOnPhoneWidth_AreHalfHoursInUtcWithDateCaption()
    {
        var (ticks, caption) = ChartTime.Ticks(RealCandles.Ms("2025-06-23T21:00:00Z"), RealCandles.Ms("2025-06-23T22:59:00Z"), 540);

        Assert.Equal(["21:00", "21:30", "22:00", "22:30"], ticks.Select(t => t.Label).ToArray());
        Assert.Equal("time (UTC), 2025-06-23", caption);
        Assert.Equal(new DateTime(2025, 6, 23, 21, 30, 0, DateTimeKind.Utc).ToOADate(), ticks[1].X, 9);
    }

    [Fact]
    public void Ticks_AcrossMidnight_LabelMidnightWithTheDate()
    {
        var (ticks, caption) = ChartTime.Ticks(RealCandles.Ms("2025-06-12T23:00:00Z"), RealCandles.Ms("2025-06-13T00:59:00Z"), 540);

        Assert.Contains("Jun 13", ticks.Select(t => t.Label));
        Assert.Equal("time (UTC), 2025-06-12 to 2025-06-13", caption);
    }

    [Fact]
    public void Ticks_Month_AreDays()
    {
        var (ticks, _) = ChartTime.Ticks(RealCandles.Ms("2025-05-30T16:39:00Z"), RealCandles.Ms("2025-06-29T16:39:00Z"), 540);

        Assert.InRange(ticks.Count, 2, 7);
        Assert.All(ticks, t => Assert.Matches("^[A-Z][a-z]{2} \\d{2}$", t.Label));
    }

    [Fact]
    public void ValueTicks_DogePrices_AreRoundStepsWithTheSameDecimals()
    {
        var labels = ValueTicks.Create(0.1462, 0.1566, 8).Select(t => t.Label);

        Assert.Equal(["0.148", "0.150", "0.152", "0.154", "0.156"], labels);
    }

    [Fact]
    public void ValueTicks_BtcPricesAndPercentSuffix_AreRoundSteps()
    {
        Assert.Equal(["103,500", "104,000", "104,500", "105,000", "105,500", "106,000"], ValueTicks.Create(103_200, 106_100, 8).Select(t => t.Label));
        Assert.Equal(["-1.5%", "-1.0%", "-0.5%", "0.0%"], ValueTicks.Create(-1.6, 0.1, 7, "%").Select(t => t.Label));
    }

    [Fact]
    public void EmbeddedFont_ResolvesThroughScottPlot_ToDejaVuSans()
    {
        ChartFonts.EnsureRegistered();

        var typeface = Fonts.GetTypeface(ChartFonts.Name, bold: false, italic: false);

        Assert.Same(ChartFonts.Regular, typeface);
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.Same(ChartFonts.Bold, Fonts.GetTypeface(ChartFonts.Name, bold: true, italic: false));
    }

    [Fact]
    public void PriceScale_NearLevels_AreTakenIn()
    {
        Candle[] candles = [new(0, 100, 110, 95, 105, 1), new(60_000, 105, 108, 100, 101, 1)];
        var overlay = new SignalOverlay(60_000, Direction.Long, 101, 92, 118);

        var (min, max) = PriceScale.Compute(candles, 0, 1, [overlay], 0, 60_000);

        Assert.True(min < 92 && max > 118, $"scale {min}..{max} should include 92 and 118");
    }

    [Fact]
    public void PriceScale_FarLevels_DoNotSquashTheCandles()
    {
        Candle[] candles = [new(0, 100, 110, 95, 105, 1), new(60_000, 105, 108, 100, 101, 1)];
        var overlay = new SignalOverlay(60_000, Direction.Short, 101, 200, 10);

        var (min, max) = PriceScale.Compute(candles, 0, 1, [overlay], 0, 60_000);

        var pad = 15 * PriceScale.Padding;
        Assert.Equal(95 - pad, min, 9);
        Assert.Equal(110 + pad, max, 9);
    }
}

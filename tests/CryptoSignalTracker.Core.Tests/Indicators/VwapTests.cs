using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

public sealed class VwapTests : IndicatorTestBase<Vwap>
{
    protected override string[] OutputNames => ["vwap"];

    protected override int ExpectedWarmUpPeriod => 1;

    /// <summary>
    /// Typical prices 10 (volume 1) and 20 (volume 3) on 30 May: 10, then (10 + 60)/4 = 17.5. The next candle opens
    /// at 00:00 on 31 May: the sums restart → 30. A candle without volume leaves the VWAP at 30.
    /// </summary>
    protected override ReferenceCase Reference => new(DayBoundary(), [[10, 17.5, 30, 30]]);

    [Fact]
    public void Update_NoDailyReset_KeepsAccumulating()
    {
        var vwap = new Vwap(resetDaily: false);
        var candles = DayBoundary();
        vwap.Update(candles[0]);
        vwap.Update(candles[1]);
        Assert.Equal(130.0 / 6, vwap.Update(candles[2]), 12);
    }

    [Fact]
    public void Update_DayStartsWithoutVolume_IsNaNUntilVolume()
    {
        var vwap = new Vwap();
        var candles = DayBoundary();
        vwap.Update(candles[0]);
        Assert.True(double.IsNaN(vwap.Update(candles[2] with { Volume = 0 })));
        Assert.True(vwap.IsReady);
    }

    protected override Vwap CreateIndicator() => new();

    protected override void Update(Vwap indicator, in Candle candle, Span<double> outputs) =>
        outputs[0] = indicator.Update(candle);

    protected override void Compute(ReadOnlySpan<Candle> candles, double[][] outputs) =>
        Vwap.Compute(candles, outputs[0]);

    private static Candle[] DayBoundary()
    {
        long At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        return
        [
            new(At("2025-05-30T23:58:00Z"), 10, 12, 8, 10, 1),
            new(At("2025-05-30T23:59:00Z"), 20, 22, 18, 20, 3),
            new(At("2025-05-31T00:00:00Z"), 30, 31, 29, 30, 2),
            new(At("2025-05-31T00:01:00Z"), 40, 40, 40, 40, 0),
        ];
    }
}

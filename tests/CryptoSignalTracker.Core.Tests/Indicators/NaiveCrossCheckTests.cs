using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;
using CryptoSignalTracker.Core.Tests.Indicators.Support;

namespace CryptoSignalTracker.Core.Tests.Indicators;

/// <summary>
/// An independent check on real 1-minute candles: each indicator recomputed with the plain textbook loop
/// (different code, the usual formula forms: <c>prev + k·(x − prev)</c>, <c>(avg·(n − 1) + x)/n</c>,
/// <c>100 − 100/(1 + RS)</c>, running sums) must agree with the library within the reference tolerance.
/// </summary>
public sealed class NaiveCrossCheckTests
{
    public static TheoryData<string> Files => [TestCandles.Btc, TestCandles.Sol];

    [Theory]
    [MemberData(nameof(Files))]
    public void Rsi_RealCandles_MatchesTextbookWilder(string file)
    {
        var closes = Closes(file);
        var actual = new double[closes.Length];
        Rsi.Compute(closes, actual, 14);
        AssertClose(NaiveRsi(closes, 14), actual);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EmaAndSma_RealCandles_MatchTextbookLoops(string file)
    {
        var closes = Closes(file);
        var ema = new double[closes.Length];
        var sma = new double[closes.Length];
        Ema.Compute(closes, ema, 20);
        Sma.Compute(closes, sma, 20);
        AssertClose(NaiveEma(closes, 20), ema);
        AssertClose(NaiveSma(closes, 20), sma);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Atr_RealCandles_MatchesTextbookWilder(string file)
    {
        var candles = TestCandles.Load(file);
        var actual = new double[candles.Length];
        Atr.Compute(candles, actual, 14);
        var expected = Nans(candles.Length);
        double atr = 0;
        for (var i = 1; i < candles.Length; i++)
        {
            var c = candles[i];
            var prev = candles[i - 1].Close;
            var tr = new[] { c.High - c.Low, Math.Abs(c.High - prev), Math.Abs(c.Low - prev) }.Max();
            if (i < 14)
            {
                atr += tr;
                continue;
            }

            atr = i == 14 ? (atr + tr) / 14 : ((atr * 13) + tr) / 14;
            expected[i] = atr;
        }

        AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Macd_RealCandles_MatchesDifferenceOfTextbookEmas(string file)
    {
        var closes = Closes(file);
        var (macd, signal, histogram) = (new double[closes.Length], new double[closes.Length], new double[closes.Length]);
        Macd.Compute(closes, macd, signal, histogram);
        var fast = NaiveEma(closes, 12);
        var slow = NaiveEma(closes, 26);
        var line = closes.Select((_, i) => fast[i] - slow[i]).ToArray();
        var signalFromLine = Nans(closes.Length);
        var tail = NaiveEma(line[25..], 9);
        Array.Copy(tail, 0, signalFromLine, 25, tail.Length);
        AssertClose(line, macd);
        AssertClose(signalFromLine, signal);
        AssertClose(line.Select((m, i) => m - signalFromLine[i]).ToArray(), histogram);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void BollingerAndStdDev_RealCandles_MatchTextbookPopulationFormula(string file)
    {
        var closes = Closes(file);
        var (mid, upper, lower, percentB, sd) =
            (new double[closes.Length], new double[closes.Length], new double[closes.Length], new double[closes.Length], new double[closes.Length]);
        BollingerBands.Compute(closes, mid, upper, lower, percentB, 20, 2);
        StdDev.Compute(closes, sd, 20);
        var expectedSd = Nans(closes.Length);
        var expectedUpper = Nans(closes.Length);
        var expectedLower = Nans(closes.Length);
        for (var i = 19; i < closes.Length; i++)
        {
            var window = closes[(i - 19)..(i + 1)];
            var mean = window.Average();
            expectedSd[i] = Math.Sqrt(window.Sum(x => (x - mean) * (x - mean)) / 20);
            expectedUpper[i] = mean + (2 * expectedSd[i]);
            expectedLower[i] = mean - (2 * expectedSd[i]);
        }

        AssertClose(expectedSd, sd);
        AssertClose(expectedUpper, upper);
        AssertClose(expectedLower, lower);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Obv_RealCandles_MatchesRunningSum(string file)
    {
        var candles = TestCandles.Load(file);
        var actual = new double[candles.Length];
        Obv.Compute(candles, actual);
        var expected = new double[candles.Length];
        for (var i = 1; i < candles.Length; i++)
        {
            var sign = Math.Sign(candles[i].Close - candles[i - 1].Close);
            expected[i] = expected[i - 1] + (sign * candles[i].Volume);
        }

        AssertClose(expected, actual);
    }

    private static double[] Closes(string file) => [.. TestCandles.Load(file).Select(c => c.Close)];

    private static double[] Nans(int length) => Enumerable.Repeat(double.NaN, length).ToArray();

    private static double[] NaiveSma(double[] x, int n)
    {
        // Each window summed with LINQ: a running sum would drift by more than the tolerance over 43,200 BTC prices.
        var result = Nans(x.Length);
        for (var i = n - 1; i < x.Length; i++)
        {
            result[i] = x[(i - n + 1)..(i + 1)].Sum() / n;
        }

        return result;
    }

    private static double[] NaiveEma(double[] x, int n)
    {
        var result = Nans(x.Length);
        var k = 2.0 / (n + 1);
        var ema = x.Take(n).Average();
        result[n - 1] = ema;
        for (var i = n; i < x.Length; i++)
        {
            ema += k * (x[i] - ema);
            result[i] = ema;
        }

        return result;
    }

    private static double[] NaiveRsi(double[] x, int n)
    {
        var result = Nans(x.Length);
        double gain = 0, loss = 0;
        for (var i = 1; i < x.Length; i++)
        {
            var change = x[i] - x[i - 1];
            var g = change > 0 ? change : 0;
            var l = change < 0 ? -change : 0;
            if (i <= n)
            {
                gain += g / n;
                loss += l / n;
                if (i < n)
                {
                    continue;
                }
            }
            else
            {
                gain = ((gain * (n - 1)) + g) / n;
                loss = ((loss * (n - 1)) + l) / n;
            }

            result[i] = loss == 0 ? (gain == 0 ? 50 : 100) : 100 - (100 / (1 + (gain / loss)));
        }

        return result;
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]) || double.IsNaN(actual[i]))
            {
                Assert.True(double.IsNaN(expected[i]) && double.IsNaN(actual[i]), $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
                continue;
            }

            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerances.Reference, $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }

        Assert.True(worst <= Tolerances.Reference);
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;

namespace CryptoSignalTracker.Core.Tests.Indicators.Support;

/// <summary>
/// The checks every indicator must pass (in the spirit of Lean's CommonIndicatorTests): it reproduces
/// independent reference values, its incremental path equals its batch path bit for bit on real candles,
/// Reset() really forgets, the warm-up is what <see cref="IIndicator.WarmUpPeriod"/> says (the first value on that
/// input, on real candles and where the reference's first value is), out-of-order and non-finite input are
/// rejected loudly without corrupting the state, and an update allocates nothing.
/// Each indicator's test class says how to build it, feed it a candle and run its batch form.
/// </summary>
/// <typeparam name="TIndicator">The indicator under test.</typeparam>
public abstract class IndicatorTestBase<TIndicator>
    where TIndicator : IIndicator
{
    private const int WarmUpMargin = 5;
    private const int OutOfOrderAt = 40;
    private const int ResetAfter = 500;
    private const int ResetCompareLength = 2_000;
    private const int AllocationJitWarmUp = 3_000;
    private const int AllocationMeasured = 3_000;

    /// <summary>Names of the outputs, in the order <see cref="Update"/> and <see cref="Compute"/> write them.</summary>
    protected abstract string[] OutputNames { get; }

    /// <summary>The warm-up the indicator built by <see cref="CreateIndicator"/> must report.</summary>
    protected abstract int ExpectedWarmUpPeriod { get; }

    /// <summary>The reference inputs and outputs.</summary>
    protected abstract ReferenceCase Reference { get; }

    /// <summary>True when the first output has a value on every input from the warm-up on (false for event-like outputs).</summary>
    protected virtual bool FirstOutputContinuous => true;

    /// <summary>Builds the indicator under test.</summary>
    protected abstract TIndicator CreateIndicator();

    /// <summary>Feeds one candle and writes the outputs after it.</summary>
    protected abstract void Update(TIndicator indicator, in Candle candle, Span<double> outputs);

    /// <summary>Runs the batch form over <paramref name="candles"/> into one array per output.</summary>
    protected abstract void Compute(ReadOnlySpan<Candle> candles, double[][] outputs);

    [Fact]
    public void Reference_EveryRow_MatchesWithinTolerance()
    {
        var reference = Reference;
        Assert.Equal(OutputNames.Length, reference.Expected.Length);
        Assert.Contains(reference.Expected, e => e is not null && e.Any(double.IsFinite));
        var batch = RunBatch(reference.Candles);
        var incremental = RunIncremental(CreateIndicator(), reference.Candles);
        var failures = new List<string>();
        for (var k = 0; k < OutputNames.Length; k++)
        {
            if (reference.Expected[k] is not { } expected)
            {
                continue;
            }

            Assert.Equal(reference.Candles.Length, expected.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Check(failures, "batch", k, i, expected[i], batch[k][i]);
                Check(failures, "incremental", k, i, expected[i], incremental[k][i]);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} mismatches, first: {string.Join("; ", failures.Take(5))}");
    }

    [Theory]
    [InlineData(TestCandles.Btc)]
    [InlineData(TestCandles.Sol)]
    public void IncrementalAndBatch_RealCandles_AgreeBitForBit(string file)
    {
        var candles = TestCandles.Load(file);
        AssertBitwiseEqual(RunBatch(candles), RunIncremental(CreateIndicator(), candles), candles.Length);
    }

    [Fact]
    public void Reset_AfterUse_RepeatsTheFreshSeries()
    {
        var candles = TestCandles.Load(TestCandles.Btc);
        var indicator = CreateIndicator();
        RunIncremental(indicator, candles.AsSpan(0, ResetAfter));

        indicator.Reset();

        Assert.False(indicator.IsReady);
        var again = RunIncremental(indicator, candles.AsSpan(0, ResetCompareLength));
        var fresh = RunIncremental(CreateIndicator(), candles.AsSpan(0, ResetCompareLength));
        AssertBitwiseEqual(fresh, again, ResetCompareLength);
    }

    [Fact]
    public void WarmUp_RealCandles_FirstValueOnTheWarmUpPeriodthInput()
    {
        // IIndicator.WarmUpPeriod: the inputs needed until the first value; IsReady from exactly that input on.
        var candles = TestCandles.Load(TestCandles.Btc);
        var indicator = CreateIndicator();
        Assert.Equal(ExpectedWarmUpPeriod, indicator.WarmUpPeriod);
        Assert.False(indicator.IsReady);
        Span<double> outputs = stackalloc double[OutputNames.Length];
        for (var inputs = 1; inputs <= ExpectedWarmUpPeriod + WarmUpMargin; inputs++)
        {
            Update(indicator, candles[inputs - 1], outputs);
            Assert.Equal(inputs >= ExpectedWarmUpPeriod, indicator.IsReady);
            if (inputs < ExpectedWarmUpPeriod)
            {
                Assert.True(double.IsNaN(outputs[0]), $"{OutputNames[0]} after {inputs} inputs is {outputs[0]} during warm-up");
            }
            else if (FirstOutputContinuous)
            {
                Assert.False(double.IsNaN(outputs[0]), $"{OutputNames[0]} after {inputs} inputs is NaN after warm-up");
            }
        }
    }

    [Fact]
    public void WarmUp_Reference_FirstValueIsTheReferencesFirst()
    {
        // The independent reference starts its first output on the same input, with the same value.
        var reference = Reference;
        var first = Array.FindIndex(reference.Expected[0]!, double.IsFinite);
        if (FirstOutputContinuous)
        {
            Assert.Equal(ExpectedWarmUpPeriod - 1, first);
        }
        else
        {
            Assert.True(first >= ExpectedWarmUpPeriod - 1, $"the reference's first {OutputNames[0]} is at index {first}, before the warm-up");
        }

        var indicator = CreateIndicator();
        var outputs = new double[OutputNames.Length];
        for (var i = 0; i <= first; i++)
        {
            Update(indicator, reference.Candles[i], outputs);
        }

        Assert.True(Math.Abs(reference.Expected[0]![first] - outputs[0]) <= Tolerances.Reference, $"{OutputNames[0]}[{first}]: expected {reference.Expected[0]![first]:R}, got {outputs[0]:R}");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Update_NonFiniteInput_ThrowsNamingItAndKeepsState(double bad)
    {
        // The NaN rule: an input that is not a finite number is refused, loudly, and leaves no trace.
        var (candles, indicator, outputs) = FedBeforeTheBadInput();

        var poisoned = candles[OutOfOrderAt] with { Open = bad, High = bad, Low = bad, Close = bad, Volume = bad };
        var ex = Assert.Throws<ArgumentException>(() => Update(indicator, poisoned, outputs));
        Assert.Contains(typeof(TIndicator).Name, ex.Message);
        Assert.Contains(bad.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
        Assert.Contains(WireNames.Time(poisoned.OpenTimeMs), ex.Message);

        AssertNoTraceOfTheBadInput(candles, indicator, outputs);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Compute_NonFiniteInput_ThrowsNamingItsIndex(double bad)
    {
        var candles = TestCandles.Load(TestCandles.Btc).AsSpan(0, 100).ToArray();
        candles[OutOfOrderAt] = candles[OutOfOrderAt] with { Open = bad, High = bad, Low = bad, Close = bad, Volume = bad };

        var ex = Assert.Throws<ArgumentException>(() => RunBatch(candles));

        Assert.Contains(typeof(TIndicator).Name, ex.Message);
        Assert.Contains($"[{OutOfOrderAt}]", ex.Message);
        Assert.Contains(bad.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60_000)]
    public void Update_TimeNotAfterPrevious_ThrowsNamingBothTimesAndKeepsState(long offsetMs)
    {
        var (candles, indicator, outputs) = FedBeforeTheBadInput();

        var previous = candles[OutOfOrderAt - 1].OpenTimeMs;
        var bad = candles[OutOfOrderAt] with { OpenTimeMs = previous + offsetMs };
        var ex = Assert.Throws<ArgumentException>(() => Update(indicator, bad, outputs));
        Assert.Contains(WireNames.Time(bad.OpenTimeMs), ex.Message);
        Assert.Contains(WireNames.Time(previous), ex.Message);
        Assert.Contains(typeof(TIndicator).Name, ex.Message);

        AssertNoTraceOfTheBadInput(candles, indicator, outputs);
    }

    [Fact]
    public void Update_AfterWarmUp_AllocatesNothing()
    {
        var candles = TestCandles.Load(TestCandles.Btc);
        var indicator = CreateIndicator();
        Span<double> outputs = stackalloc double[OutputNames.Length];
        for (var i = 0; i < AllocationJitWarmUp; i++)
        {
            Update(indicator, candles[i], outputs);
        }

        // The runtime itself can allocate once on this thread while tiering a method up mid-loop; an
        // allocation per update would show in every pass, so the cleanest of three passes must be 0.
        var fewest = long.MaxValue;
        var next = AllocationJitWarmUp;
        for (var pass = 0; pass < 3; pass++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var end = next + AllocationMeasured; next < end; next++)
            {
                Update(indicator, candles[next], outputs);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }

    /// <summary>Closes of <paramref name="candles"/>.</summary>
    protected static double[] Closes(ReadOnlySpan<Candle> candles)
    {
        var closes = new double[candles.Length];
        for (var i = 0; i < candles.Length; i++)
        {
            closes[i] = candles[i].Close;
        }

        return closes;
    }

    /// <summary>Volumes of <paramref name="candles"/>.</summary>
    protected static double[] Volumes(ReadOnlySpan<Candle> candles)
    {
        var volumes = new double[candles.Length];
        for (var i = 0; i < candles.Length; i++)
        {
            volumes[i] = candles[i].Volume;
        }

        return volumes;
    }

    /// <summary>Runs the batch form and returns one array per output.</summary>
    protected double[][] RunBatch(ReadOnlySpan<Candle> candles)
    {
        var outputs = new double[OutputNames.Length][];
        for (var k = 0; k < outputs.Length; k++)
        {
            outputs[k] = new double[candles.Length];
        }

        Compute(candles, outputs);
        return outputs;
    }

    /// <summary>Feeds every candle to <paramref name="indicator"/> and returns one array per output.</summary>
    protected double[][] RunIncremental(TIndicator indicator, ReadOnlySpan<Candle> candles)
    {
        var outputs = new double[OutputNames.Length][];
        for (var k = 0; k < outputs.Length; k++)
        {
            outputs[k] = new double[candles.Length];
        }

        Span<double> step = stackalloc double[OutputNames.Length];
        for (var i = 0; i < candles.Length; i++)
        {
            Update(indicator, candles[i], step);
            for (var k = 0; k < outputs.Length; k++)
            {
                outputs[k][i] = step[k];
            }
        }

        return outputs;
    }

    /// <summary>An indicator fed the real candles before index <see cref="OutOfOrderAt"/>, where a test puts a bad input.</summary>
    private (Candle[] Candles, TIndicator Indicator, double[] Outputs) FedBeforeTheBadInput()
    {
        var candles = TestCandles.Load(TestCandles.Btc);
        var indicator = CreateIndicator();
        var outputs = new double[OutputNames.Length];
        for (var i = 0; i < OutOfOrderAt; i++)
        {
            Update(indicator, candles[i], outputs);
        }

        return (candles, indicator, outputs);
    }

    /// <summary>The refused input left no trace: the good candle at its place gives what it gives without it.</summary>
    private void AssertNoTraceOfTheBadInput(Candle[] candles, TIndicator indicator, double[] outputs)
    {
        Update(indicator, candles[OutOfOrderAt], outputs);
        var fresh = RunIncremental(CreateIndicator(), candles.AsSpan(0, OutOfOrderAt + 1));
        for (var k = 0; k < outputs.Length; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(fresh[k][OutOfOrderAt]), BitConverter.DoubleToInt64Bits(outputs[k]));
        }
    }

    private void AssertBitwiseEqual(double[][] expected, double[][] actual, int length)
    {
        for (var k = 0; k < OutputNames.Length; k++)
        {
            for (var i = 0; i < length; i++)
            {
                if (BitConverter.DoubleToInt64Bits(expected[k][i]) != BitConverter.DoubleToInt64Bits(actual[k][i]))
                {
                    Assert.Fail($"{OutputNames[k]}[{i}]: {expected[k][i]:R} vs {actual[k][i]:R}");
                }
            }
        }
    }

    private void Check(List<string> failures, string path, int output, int index, double expected, double actual)
    {
        var ok = double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) <= Tolerances.Reference;
        if (!ok)
        {
            failures.Add($"{path} {OutputNames[output]}[{index}]: expected {expected:R}, got {actual:R}");
        }
    }
}

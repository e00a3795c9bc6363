namespace CryptoSignalTracker.Core.Aggregation;

/// <summary>
/// A running sum of sizes (trade sizes, candle volumes) that is exact for sizes with up to 8 decimals, which is how
/// the exchanges quote them: such a size is added as a whole number of 1e-8 units in a <see cref="long"/>, so
/// <see cref="Value"/> is the double nearest to the decimal sum and prints as it (289.394, where adding doubles
/// gives 289.39399999999995).
/// </summary>
/// <remarks>
/// A size with more decimals (it is further than double precision from a multiple of 1e-8) is added as a double,
/// as before, so only such sizes can leave binary noise in the last digits. A sum beyond 2^53 units (90 million)
/// moves into a <see cref="decimal"/> part and stays exact. NaN and infinities propagate as in a double sum.
/// Adding allocates nothing.
/// </remarks>
internal struct VolumeSum
{
    private const double Scale = 1e8;
    private const decimal DecimalScale = 100_000_000m;
    private const long MaxUnits = 1L << 53;

    // |scaled - units| allowed for a size that is a multiple of 1e-8 read into a double: a few ulps of the scaled value
    private const double RelativeTolerance = 1e-15;
    private const double AbsoluteTolerance = 1e-9;

    private long _units;
    private decimal _spilledUnits;
    private double _inexact;

    /// <summary>The sum (the double nearest to it while every size had at most 8 decimals).</summary>
    public readonly double Value => Combine(_units, _spilledUnits, _inexact);

    /// <summary><paramref name="a"/> − <paramref name="b"/>, exact in the same way as <see cref="Value"/> (b's sizes being part of a's).</summary>
    public static double Difference(in VolumeSum a, in VolumeSum b) =>
        Combine(a._units - b._units, a._spilledUnits - b._spilledUnits, a._inexact - b._inexact);

    /// <summary>Starts again at <paramref name="size"/>.</summary>
    public void Reset(double size)
    {
        _units = 0;
        _spilledUnits = 0;
        _inexact = 0;
        Add(size);
    }

    /// <summary>Adds <paramref name="size"/>.</summary>
    public void Add(double size)
    {
        var scaled = size * Scale;
        var units = Math.Round(scaled);
        if (Math.Abs(scaled - units) <= (Math.Abs(scaled) * RelativeTolerance) + AbsoluteTolerance && Math.Abs(units) < MaxUnits)
        {
            _units += (long)units;
            if (_units is >= MaxUnits or <= -MaxUnits)
            {
                _spilledUnits += _units;
                _units = 0;
            }

            return;
        }

        _inexact += size;
    }

    private static double Combine(long units, decimal spilledUnits, double inexact)
    {
        var exact = spilledUnits == 0 && units is > -MaxUnits and < MaxUnits
            ? units / Scale
            : (double)((spilledUnits + units) / DecimalScale);
        return inexact == 0 ? exact : exact + inexact;
    }
}

using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;

namespace CryptoSignalTracker.Benchmarks.Indicators;

/// <summary>
/// ATR(14) over the 1,000,000 candles of <see cref="RandomWalk"/>, ours against Tulip Indicators' C <c>ti_atr</c> in the
/// same run (the peer: <c>peer/build-tulip.sh</c> builds it from the npm package tulind into
/// <c>peer/.peer/tulip/libindicators.so</c>). Mean is nanoseconds per candle. Tulip reads three arrays (high, low,
/// close); ours is timed on the same three arrays and on <see cref="Candle"/>s. Tulip seeds its ATR with the true ranges
/// of candles 0..13 (the first as high − low) and ours with those of 1..14, so the first values differ; the set-up
/// checks that both have converged to the same last value, so both compute ATR(14) on the same data.
/// </summary>
[MemoryDiagnoser]
public partial class AtrPeerBenchmarks
{
    private const int Period = 14;
    private static readonly double[] TulipOptions = [Period];

    private Candle[] _candles = [];
    private double[] _high = [];
    private double[] _low = [];
    private double[] _close = [];
    private double[] _output = [];

    /// <summary>Builds the walk, its columns and the output once; loads the peer and checks it against ours.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _candles = RandomWalk.Candles();
        _high = [.. _candles.Select(c => c.High)];
        _low = [.. _candles.Select(c => c.Low)];
        _close = [.. _candles.Select(c => c.Close)];
        _output = new double[RandomWalk.Length];
        TulipLibrary.Resolve();

        Atr.Compute(_candles, _output, Period);
        var ours = _output[^1];
        Tulip();
        var tulip = _output[RandomWalk.Length - Period];
        if (Math.Abs(ours - tulip) > 1e-9 * Math.Abs(ours))
        {
            throw new InvalidOperationException($"ATR({Period}) of the last candle: ours {ours:R}, Tulip's {tulip:R}; not the same indicator");
        }
    }

    /// <summary>Ours on whole candles (72 bytes each; what the strategy holds).</summary>
    [Benchmark(OperationsPerInvoke = RandomWalk.Length)]
    public void OursCandles() => Atr.Compute(_candles, _output, Period);

    /// <summary>Ours on the same three arrays Tulip reads.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RandomWalk.Length)]
    public void OursColumns() => Atr.Compute(_high, _low, _close, _output, Period);

    /// <summary>Tulip Indicators' <c>ti_atr</c> on the three arrays (the output starts at index period − 1).</summary>
    [Benchmark(OperationsPerInvoke = RandomWalk.Length)]
    public unsafe void Tulip()
    {
        fixed (double* high = _high, low = _low, close = _close, output = _output, options = TulipOptions)
        {
            var inputs = stackalloc double*[] { high, low, close };
            var outputs = stackalloc double*[] { output };
            if (TulipLibrary.Atr(RandomWalk.Length, inputs, options, outputs) != 0)
            {
                throw new InvalidOperationException("ti_atr failed");
            }
        }
    }

    private static partial class TulipLibrary
    {
        private const string Library = "tulipindicators";
        private static int _resolving;

        /// <summary>Points the <see cref="Library"/> import at <see cref="Path"/> (once per process).</summary>
        public static void Resolve()
        {
            if (Interlocked.Exchange(ref _resolving, 1) == 0)
            {
                NativeLibrary.SetDllImportResolver(typeof(TulipLibrary).Assembly, (name, _, _) =>
                    name == Library ? NativeLibrary.Load(Path()) : IntPtr.Zero);
            }
        }

        /// <summary>peer/.peer/tulip/libindicators.so, found from the repository root above this assembly (or TULIP_LIBRARY).</summary>
        public static string Path()
        {
            if (Environment.GetEnvironmentVariable("TULIP_LIBRARY") is { Length: > 0 } set)
            {
                return set;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "tests", "CryptoSignalTracker.Benchmarks", "peer", ".peer", "tulip", "libindicators.so");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("Tulip Indicators is not built: run bash tests/CryptoSignalTracker.Benchmarks/peer/build-tulip.sh");
        }

        [LibraryImport(Library, EntryPoint = "ti_atr")]
        public static unsafe partial int Atr(int size, double** inputs, double* options, double** outputs);
    }
}

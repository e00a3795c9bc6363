using BenchmarkDotNet.Attributes;
using CryptoSignalTracker.Core.Indicators;

namespace CryptoSignalTracker.Benchmarks.Indicators;

/// <summary>One incremental RSI(14) update on a warmed-up indicator. Targets: ≤ 10 ns and 0 bytes allocated.</summary>
[MemoryDiagnoser]
public class RsiUpdateBenchmarks
{
    private const int CloseCount = 4096; // a power of two, so the index wraps with a mask
    private const long MinuteMs = 60_000;

    private readonly Rsi _rsi = new();
    private double[] _closes = [];
    private long _timeMs;
    private int _index;

    /// <summary>Warms the RSI up on the first closes of the walk.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _closes = RandomWalk.Closes(CloseCount);
        foreach (var close in _closes)
        {
            _rsi.Update(_timeMs += MinuteMs, close);
        }
    }

    /// <summary>One update (time moves on a minute each call).</summary>
    [Benchmark]
    public double RsiUpdate() => _rsi.Update(_timeMs += MinuteMs, _closes[_index++ & (CloseCount - 1)]);
}

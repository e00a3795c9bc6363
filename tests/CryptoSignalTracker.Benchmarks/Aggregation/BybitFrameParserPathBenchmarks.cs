using BenchmarkDotNet.Attributes;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;

namespace CryptoSignalTracker.Benchmarks.Aggregation;

/// <summary>
/// Issue 18: is the hand-written <c>TradeFrameScanner</c> worth a second Bybit JSON parser? The same frames as
/// <see cref="BybitFrameAggregationBenchmarks"/> (1-100 trades each, UUID ids) parsed by the scanner path and, as the
/// peer, by the <see cref="System.Text.Json.Utf8JsonReader"/> path alone. Reported per trade.
/// </summary>
[MemoryDiagnoser]
public class BybitFrameParserPathBenchmarks
{
    private const int TradeCount = 200_000;
    private const int MaxTradesPerFrame = 100;

    private readonly BybitTradeFrameParser _scanner = new();
    private readonly BybitTradeFrameParser _reader = new() { UseFastPath = false };
    private readonly List<Trade> _buffer = new(MaxTradesPerFrame);
    private byte[][] _frames = [];

    /// <summary>Generates the frames once.</summary>
    [GlobalSetup]
    public void Setup() => _frames = SyntheticTrades.Frames(SyntheticTrades.Create(TradeCount), MaxTradesPerFrame);

    /// <summary>The reader path only (what remains when the scanner is deleted).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TradeCount)]
    public int Utf8JsonReader_Path() => Run(_reader);

    /// <summary>The scanner path (falls back to the reader only for frames it does not accept).</summary>
    [Benchmark(OperationsPerInvoke = TradeCount)]
    public int Scanner_Path() => Run(_scanner);

    private int Run(BybitTradeFrameParser parser)
    {
        var count = 0;
        foreach (var frame in _frames)
        {
            _buffer.Clear();
            if (parser.Parse(frame, _buffer).Kind != BybitFrameKind.Trades)
            {
                throw new InvalidOperationException("benchmark frame did not parse");
            }

            count += _buffer.Count;
        }

        return count;
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;

namespace CryptoSignalTracker.Benchmarks.Aggregation;

/// <summary>
/// Bybit <c>publicTrade</c> websocket frames (1-100 trades each, UUID ids) parsed and aggregated into 1-minute
/// candles. Target: ≥ 3 million trades/s. Reported per trade. Peer: deserialising the same frames with
/// System.Text.Json into DTOs, then the same aggregator.
/// </summary>
[MemoryDiagnoser]
public class BybitFrameAggregationBenchmarks
{
    private const int TradeCount = 1_000_000;
    private const int MaxTradesPerFrame = 100;

    private byte[][] _frames = [];
    private readonly BybitTradeFrameParser _parser = new();
    private readonly List<Trade> _buffer = new(MaxTradesPerFrame);

    /// <summary>Generates the frames once.</summary>
    [GlobalSetup]
    public void Setup() => _frames = SyntheticTrades.Frames(SyntheticTrades.Create(TradeCount), MaxTradesPerFrame);

    /// <summary>Parse each frame with <see cref="BybitTradeFrameParser"/> and feed its trades to a <see cref="CandleAggregator"/>.</summary>
    [Benchmark(OperationsPerInvoke = TradeCount)]
    public int Parser_Then_Aggregator()
    {
        var aggregator = new CandleAggregator();
        var candles = 0;
        foreach (var frame in _frames)
        {
            _buffer.Clear();
            if (_parser.Parse(frame, _buffer).Kind != BybitFrameKind.Trades)
            {
                throw new InvalidOperationException("benchmark frame did not parse");
            }

            foreach (ref readonly var trade in CollectionsMarshal.AsSpan(_buffer))
            {
                aggregator.Add(trade);
            }

            while (aggregator.TryTake(out _))
            {
                candles++;
            }
        }

        return candles;
    }

    /// <summary>Peer: JsonSerializer into DTOs, decimal strings parsed, then the same aggregator.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TradeCount)]
    public int JsonSerializer_Then_Aggregator()
    {
        var aggregator = new CandleAggregator();
        var candles = 0;
        foreach (var frame in _frames)
        {
            var push = JsonSerializer.Deserialize<TradePush>(frame)!;
            foreach (var t in push.Data)
            {
                aggregator.Add(new Trade(
                    t.Time, t.Symbol, t.Side == "Buy" ? TakerSide.Buy : TakerSide.Sell,
                    double.Parse(t.Price, CultureInfo.InvariantCulture), double.Parse(t.Size, CultureInfo.InvariantCulture), TradeId.Parse(t.Id)));
            }

            while (aggregator.TryTake(out _))
            {
                candles++;
            }
        }

        return candles;
    }

    /// <summary>The peer's DTO of a push frame.</summary>
    public sealed record TradePush([property: JsonPropertyName("topic")] string Topic, [property: JsonPropertyName("data")] TradeDto[] Data);

    /// <summary>The peer's DTO of one trade.</summary>
    public sealed record TradeDto(
        [property: JsonPropertyName("T")] long Time,
        [property: JsonPropertyName("s")] string Symbol,
        [property: JsonPropertyName("S")] string Side,
        [property: JsonPropertyName("v")] string Size,
        [property: JsonPropertyName("p")] string Price,
        [property: JsonPropertyName("i")] string Id);
}

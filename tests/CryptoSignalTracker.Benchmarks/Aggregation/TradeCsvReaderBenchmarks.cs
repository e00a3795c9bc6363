using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Aggregation;

/// <summary>
/// Reading 1,000,000 trade rows in the data set's capture layout from memory, reported per row. Peer: the usual
/// <c>string.Split</c> + <c>double.Parse</c> reader without checks.
/// </summary>
[MemoryDiagnoser]
public class TradeCsvReaderBenchmarks
{
    private const int RowCount = 1_000_000;
    private const string Header = "trade_time_ms,event_time_ms,local_recv_ns,market,symbol,trade_id,price,qty,is_buyer_maker,source_file";

    private string _csv = string.Empty;

    /// <summary>Writes the synthetic trades as CSV text once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var t in SyntheticTrades.Create(RowCount))
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.TimeMs},{t.TimeMs + 1},{(t.TimeMs * 1_000_000) + 4107},usdm,BTCUSDT,{(long)t.Id.Low},{t.Price:F2},{t.Size:F3},{(t.Side == TakerSide.Sell ? "true" : "false")},btcusdt_20240808.gz\n");
        }

        _csv = text.ToString();
    }

    /// <summary><see cref="TradeCsvReader"/> with every check on.</summary>
    [Benchmark(OperationsPerInvoke = RowCount)]
    public int TradeCsvReader_Read() => TradeCsvReader.Read(new StringReader(_csv), "bench.csv", null).Count;

    /// <summary>Peer: split lines and fields into strings, parse each.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RowCount)]
    public int SplitAndParse()
    {
        var trades = new List<Trade>();
        foreach (var line in _csv.Split('\n').Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            trades.Add(new Trade(
                long.Parse(f[0], CultureInfo.InvariantCulture), f[4], bool.Parse(f[8]) ? TakerSide.Sell : TakerSide.Buy,
                double.Parse(f[6], CultureInfo.InvariantCulture), double.Parse(f[7], CultureInfo.InvariantCulture), TradeId.Parse(f[5])));
        }

        return trades.Count;
    }
}

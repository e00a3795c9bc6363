using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Pipeline.Tests;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// The synthetic market <c>localcloud-scale</c> replays (issue 11 allows synthetic candles for the 300-symbol scale
/// run): <c>SYN001USDT</c>... with a seeded trade flow spread the way a real exchange's is, a few busy symbols and a
/// long quiet tail. Symbol r (1-based) trades on average 6 + 1200 / r^0.9 times a minute (1,206 for the first, 13 for
/// the 300th), Poisson distributed; one minute in twenty is a burst (three times the trades, twice the size: a volume
/// spike). Prices are a per-symbol random walk (0.05 %..0.3 % a minute) from a price between 0.1 and 30,000, rounded to
/// 5 significant digits; sizes log-normal around 1,000 USDT a trade. The candles are the core aggregator's on these
/// trades (what the pipeline must build); the fake Bybit's kline endpoint serves them. Warm-up minutes go out at
/// <see cref="LocalCloudScaleOptions.WarmUpSpeed"/> times real time, the rest in real time, without a pause between
/// (a pause would be an exchange outage to the Ingestor: its clock runs on with the local time, and it would close the
/// quiet symbols' minutes early); <see cref="LocalCloudScaleOptions.SettleMinutes"/> real-time minutes then let the
/// warm-up's backlog drain before the measured ones.
/// </summary>
public sealed class ScaleFeed
{
    private const long MinuteMs = 60_000;
    private readonly LocalCloudScaleOptions _options;
    private readonly Dictionary<(string, long, TradeId), string> _ids = [];
    private DateTime _anchorWall;
    private long _anchorExchange;
    private double _speed;
    private bool _timed;

    /// <summary>Generates the market for <paramref name="options"/>.</summary>
    public ScaleFeed(LocalCloudScaleOptions options)
    {
        _options = options;
        Symbols = [.. Enumerable.Range(1, options.Symbols).Select(r => $"SYN{r:000}USDT")];
        var random = new Random(options.Seed);
        var trades = new List<Trade>();
        var candles = new Dictionary<string, IReadOnlyList<Candle>>(StringComparer.Ordinal);
        for (var r = 1; r <= Symbols.Count; r++)
        {
            var symbol = Symbols[r - 1];
            var rate = 6 + (1200 / Math.Pow(r, 0.9));
            var price = Math.Pow(10, -1 + (random.NextDouble() * 5.5));
            var sigma = 0.0005 + (random.NextDouble() * 0.0025);
            var own = new List<Trade>();
            for (var m = 0; m < options.Minutes; m++)
            {
                var minute = options.StartMs + (m * MinuteMs);
                var burst = random.NextDouble() < 0.05;
                var count = Math.Max(1, Poisson(random, rate * (burst ? 3 : 1)));
                var times = Enumerable.Range(0, count).Select(_ => minute + random.NextInt64(MinuteMs)).Order().ToArray();
                var step = sigma / Math.Sqrt(count);
                for (var k = 0; k < count; k++)
                {
                    price *= Math.Exp(step * Gaussian(random));
                    var p = Round(price);
                    var size = Math.Max(0.001, Math.Round(1000 / p * Math.Exp(0.8 * Gaussian(random)) * (burst ? 2 : 1), 3));
                    var id = SourceData.IdText(symbol, times[k], k);
                    var trade = new Trade(times[k], symbol, random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell, p, size, TradeId.Parse(id));
                    _ids[(symbol, trade.TimeMs, trade.Id)] = id;
                    own.Add(trade);
                }
            }

            trades.AddRange(own);
            candles[symbol] = CandleAggregator.Aggregate(own.ToArray()).Candles;
        }

        Trades = [.. trades.OrderBy(t => t.TimeMs).ThenBy(t => t.Symbol, StringComparer.Ordinal)];
        Candles = candles;
    }

    /// <summary>The symbols, busiest first.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>All trades in time order.</summary>
    public IReadOnlyList<Trade> Trades { get; }

    /// <summary>The candles the pipeline must build, per symbol.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Candle>> Candles { get; }

    /// <summary>When the first real-time minute began on the wall clock, or null before.</summary>
    public DateTime? TimedFrom { get; private set; }

    /// <summary>Open time of the first measured minute (after the warm-up and settle minutes).</summary>
    public long MeasuredFromMs => _options.StartMs + ((_options.WarmupMinutes + _options.SettleMinutes) * MinuteMs);

    /// <summary><see cref="FakeBybitScript.IdText"/>: the trade's id as text.</summary>
    public string IdText(Trade trade) => _ids[(trade.Symbol, trade.TimeMs, trade.Id)];

    /// <summary>When minute <paramref name="minuteMs"/> ended on the wall clock (the feed's pace), or null for a warm-up or settle minute.</summary>
    public DateTime? CloseOf(long minuteMs) =>
        TimedFrom is { } from && minuteMs >= MeasuredFromMs ? from + TimeSpan.FromMilliseconds(minuteMs + MinuteMs - _anchorExchange) : null;

    /// <summary><see cref="FakeBybitScript.BeforeFrame"/>: holds frame <paramref name="sent"/> + 1 until its trade time on the feed's clock.</summary>
    public async Task BeforeFrameAsync(int sent, CancellationToken cancellationToken)
    {
        var time = Trades[sent].TimeMs;
        if (sent == 0)
        {
            (_anchorWall, _anchorExchange, _speed) = (DateTime.UtcNow, _options.StartMs, _options.WarmUpSpeed);
        }

        var timedStart = _options.StartMs + (_options.WarmupMinutes * MinuteMs);
        if (!_timed && time >= timedStart)
        {
            var from = _anchorWall + TimeSpan.FromMilliseconds((timedStart - _anchorExchange) / _speed); // continuous: no pause
            (_anchorWall, _anchorExchange, _speed, _timed) = (from, timedStart, 1, true);
            TimedFrom = from;
        }

        var due = _anchorWall + TimeSpan.FromMilliseconds((time - _anchorExchange) / _speed);
        var wait = due - DateTime.UtcNow;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static double Round(double price)
    {
        var digits = Math.Clamp(4 - (int)Math.Floor(Math.Log10(price)), 0, 10);
        return Math.Round(price, digits);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        if (mean > 50)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Gaussian(random))));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Pipeline.Tests;

namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>
/// The trades <c>localcloud-latency</c> replays and the wall-clock pacing of the fake Bybit's frames. Each real candle
/// becomes five trades: the open at +50 ms and again at +2,050 ms (an eighth of the volume each), the high at +15 s, the
/// low at +30 s and the close at +50 s (a quarter each; powers of two, so the volumes add up exactly). Warm-up minutes
/// go out as fast as the frame delay allows; every timed minute starts <see cref="LocalCloudLatencyOptions.MinuteWall"/>
/// after the previous one, and its first seconds run in real time: the +2,050 ms frames leave 2 s of wall time after
/// the +50 ms ones, as they would live. So a close grace of 2 s (the old Ingestor's default) costs its real 2 s here,
/// and the frame that first crosses a minute's end is the exchange's minute close, t0.
/// </summary>
public sealed class BoundaryFeed
{
    private const long MinuteMs = 60_000;
    private static readonly long[] _offsets = [50, 2_050, 15_000, 30_000, 50_000];
    private static readonly TimeSpan _realTimeSpan = TimeSpan.FromSeconds(5); // offsets below this are paced in real time

    private readonly LocalCloudLatencyOptions _options;
    private readonly Func<int> _warmUpCandlesSeen;
    private readonly DateTime?[] _stamps;
    private readonly Dictionary<long, DateTime> _minuteStarted = [];
    private readonly Dictionary<long, int> _firstFrameOfMinute = [];

    /// <summary>Builds the trades of <paramref name="candles"/> (per symbol) for <paramref name="options"/>.</summary>
    /// <param name="options">Window, warm-up and pacing.</param>
    /// <param name="candles">The real candles, per symbol.</param>
    /// <param name="warmUpCandlesSeen">How many warm-up candles the recorder has seen (the timed minutes wait for all of them).</param>
    public BoundaryFeed(LocalCloudLatencyOptions options, IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles, Func<int> warmUpCandlesSeen)
    {
        _options = options;
        _warmUpCandlesSeen = warmUpCandlesSeen;
        Trades = [.. candles.SelectMany(kv => kv.Value.SelectMany(c => TradesOf(kv.Key, c))).OrderBy(t => t.TimeMs).ThenBy(t => t.Symbol, StringComparer.Ordinal)];
        for (var i = Trades.Count - 1; i >= 0; i--)
        {
            _firstFrameOfMinute[Minute(Trades[i].TimeMs)] = i + 1; // frames are 1-based, one trade each
        }

        _stamps = new DateTime?[Trades.Count + 2];
    }

    /// <summary>The trades, one per frame, in time order.</summary>
    public IReadOnlyList<Trade> Trades { get; }

    /// <summary>How long the timed minutes waited for the warm-up candles (the pipeline catching up), or null before.</summary>
    public TimeSpan? WarmUpWait { get; private set; }

    /// <summary>The five trades of one candle (see the class summary).</summary>
    public static IEnumerable<Trade> TradesOf(string symbol, Candle c)
    {
        double[] prices = [c.Open, c.Open, c.High, c.Low, c.Close];
        double[] sizes = [c.Volume / 8, c.Volume / 8, c.Volume / 4, c.Volume / 4, c.Volume / 4];
        for (var k = 0; k < _offsets.Length; k++)
        {
            yield return new Trade(c.OpenTimeMs + _offsets[k], symbol, k % 2 == 0 ? TakerSide.Buy : TakerSide.Sell, prices[k], sizes[k], TradeId.Parse(SourceData.IdText(symbol, c.OpenTimeMs, k)));
        }
    }

    /// <summary><see cref="FakeBybitScript.IdText"/>: the id <see cref="TradesOf"/> gave the trade (by its offset in the minute).</summary>
    public static string IdText(Trade trade)
    {
        var minute = Minute(trade.TimeMs);
        return SourceData.IdText(trade.Symbol, minute, Array.IndexOf(_offsets, trade.TimeMs - minute));
    }

    /// <summary>t0 of minute <paramref name="minuteMs"/>: when the first frame of the next minute went out; null when not sent or not timed.</summary>
    public DateTime? CloseOf(long minuteMs) =>
        _firstFrameOfMinute.TryGetValue(minuteMs + MinuteMs, out var frame) ? _stamps[frame] : null;

    /// <summary><see cref="FakeBybitScript.BeforeFrame"/>: paces frame <paramref name="sent"/> + 1 and stamps it.</summary>
    public async Task BeforeFrameAsync(int sent, CancellationToken cancellationToken)
    {
        var trade = Trades[sent];
        var minute = Minute(trade.TimeMs);
        var index = (int)((minute - _options.StartMs) / MinuteMs);
        if (index >= _options.WarmupMinutes)
        {
            if (_firstFrameOfMinute[minute] == sent + 1)
            {
                if (index == _options.WarmupMinutes)
                {
                    await WaitForWarmUpAsync(cancellationToken);
                }
                else if (_minuteStarted.TryGetValue(minute - MinuteMs, out var previous))
                {
                    await DelayUntilAsync(previous + _options.MinuteWall, cancellationToken);
                }

                _minuteStarted[minute] = DateTime.UtcNow;
            }
            else if (trade.TimeMs - minute < _realTimeSpan.TotalMilliseconds)
            {
                var first = Trades[_firstFrameOfMinute[minute] - 1].TimeMs;
                await DelayUntilAsync(_minuteStarted[minute] + TimeSpan.FromMilliseconds(trade.TimeMs - first), cancellationToken);
            }
        }

        _stamps[sent + 1] = DateTime.UtcNow;
    }

    private async Task WaitForWarmUpAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var wanted = _options.Symbols.Count * _options.WarmupMinutes;
        while (_warmUpCandlesSeen() < wanted && DateTime.UtcNow - started < _options.WarmUpTimeout)
        {
            await Task.Delay(50, cancellationToken);
        }

        await Task.Delay(_options.MinuteWall, cancellationToken); // the last warm-up decisions and stragglers
        WarmUpWait = DateTime.UtcNow - started;
    }

    private static async Task DelayUntilAsync(DateTime when, CancellationToken cancellationToken)
    {
        var wait = when - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static long Minute(long timeMs) => timeMs - (timeMs % MinuteMs);
}

using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Indicators;

namespace CryptoSignalTracker.Dashboard;

/// <summary>The Markets and Equity pages' data: candles with RSI and markers, realised equity with drawdown and metrics.</summary>
internal sealed class MarketQueries
{
    /// <summary>Most minutes one chart asks for: 1,440 (a day of 1-minute candles).</summary>
    public const int MaxMinutes = 1440;

    private const long MinuteMs = 60_000;
    private const long DayMs = 86_400_000;

    /// <summary>RSI is warmed up on this many periods before the first candle shown (Wilder smoothing settles).</summary>
    private const int RsiWarmUpPeriods = 10;

    private readonly DashboardSources _sources;
    private readonly DashboardQueries _queries;

    public MarketQueries(DashboardSources sources, DashboardQueries queries)
    {
        _sources = sources;
        _queries = queries;
    }

    /// <summary>
    /// The last <paramref name="minutes"/> 1-minute candles of <paramref name="symbol"/> before <paramref name="endMs"/>
    /// (default: the dashboard's now), RSI with the symbol's strategy period, its thresholds, the bias and the markers.
    /// </summary>
    public async Task<CandlesModel> CandlesAsync(string symbol, int minutes, long? endMs, CancellationToken cancellationToken)
    {
        var name = _queries.KnownSymbol(symbol);
        if (minutes < 1 || minutes > MaxMinutes)
        {
            throw new DashboardQueryException($"minutes must be 1-{MaxMinutes}, was {minutes}");
        }

        var nowMs = (await DashboardClock.NowAsync(_sources, cancellationToken).ConfigureAwait(false)).ToUnixTimeMilliseconds();
        var end = endMs ?? nowMs;
        var strategy = _sources.Trading.Strategy.For(name);
        var from = end - (minutes * MinuteMs);
        var candles = await _sources.Candles.ReadAsync(name, from - (strategy.RsiPeriod * RsiWarmUpPeriods * MinuteMs), end, cancellationToken).ConfigureAwait(false);
        var rsi = new Rsi(strategy.RsiPeriod);
        var shown = new List<CandleModel>();
        var values = new List<double?>();
        foreach (var c in candles)
        {
            var value = rsi.Update(c.OpenTimeMs, c.Close);
            if (c.OpenTimeMs >= from)
            {
                shown.Add(new CandleModel(c.OpenTimeMs, c.Open, c.High, c.Low, c.Close, c.Volume));
                values.Add(rsi.IsReady && double.IsFinite(value) ? value : null);
            }
        }

        var firstMs = shown.Count > 0 ? shown[0].T : from;
        var markers = new List<MarkerModel>();
        foreach (var p in await _sources.Positions.ListOpenAsync(name, cancellationToken).ConfigureAwait(false))
        {
            if (p.EntryTimeMs >= firstMs && p.EntryTimeMs < end)
            {
                markers.Add(new MarkerModel(p.EntryTimeMs, p.EntryPrice, "entry", WireNames.Of(p.Side), p.SignalId));
            }
        }

        foreach (var t in await _sources.Trades.ListClosedAsync(firstMs, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (t.Symbol != name)
            {
                continue;
            }

            if (t.EntryTimeMs >= firstMs && t.EntryTimeMs < end)
            {
                markers.Add(new MarkerModel(t.EntryTimeMs, t.EntryPrice, "entry", WireNames.Of(t.Side), t.SignalId));
            }

            if (t.ExitTimeMs < end)
            {
                markers.Add(new MarkerModel(t.ExitTimeMs, t.ExitPrice, "exit", WireNames.Of(t.Side), t.SignalId));
            }
        }

        var bias = await _sources.Biases.GetAsync(name, cancellationToken).ConfigureAwait(false);
        return new CandlesModel(
            name, "1m", shown, values, strategy.RsiPeriod, strategy.Oversold, strategy.Overbought,
            bias is null ? null : DashboardQueries.Bias(bias, nowMs), [.. markers.OrderBy(m => m.T)]);
    }

    /// <summary>
    /// Realised equity over <paramref name="range"/> (24h, 7d, 30d or all, back from the dashboard's now): the equity
    /// before it, a point per closed trade with the drawdown from the range's peak, and <c>cst backtest</c>'s metrics of
    /// those trades (exposure is not known from the stores and is left out).
    /// </summary>
    public async Task<EquityModel> EquityAsync(string range, CancellationToken cancellationToken)
    {
        var nowMs = (await DashboardClock.NowAsync(_sources, cancellationToken).ConfigureAwait(false)).ToUnixTimeMilliseconds();
        var all = await _sources.Trades.ListClosedAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false);
        long? span = range switch
        {
            "24h" => DayMs,
            "7d" => 7 * DayMs,
            "30d" => 30 * DayMs,
            "all" => null,
            _ => throw new DashboardQueryException($"range '{range}' is not 24h, 7d, 30d or all"),
        };
        var from = span is { } s ? nowMs - s : Math.Min(all.Count > 0 ? all.Min(t => t.EntryTimeMs) : nowMs, nowMs);
        var start = _sources.Trading.Risk.InitialEquity + all.Where(t => t.ExitTimeMs < from).Sum(t => t.Pnl);
        var inRange = all.Where(t => t.ExitTimeMs >= from && t.ExitTimeMs <= nowMs).ToList();
        var points = new List<EquityPointModel> { new(from, start, 0) };
        double equity = start, peak = start;
        foreach (var t in inRange)
        {
            equity += t.Pnl;
            peak = Math.Max(peak, equity);
            points.Add(new EquityPointModel(t.ExitTimeMs, equity, (peak - equity) / peak));
        }

        var m = MetricsCalculator.Compute(inRange, start, from, nowMs, exposure: 0);
        return new EquityModel(range, from, nowMs, start, points, new MetricsModel(
            m.Trades, m.WinRate, m.AverageR, m.ProfitFactor, m.Expectancy, m.NetPnl, m.Fees, m.MaxDrawdown, m.MaxDrawdownAmount, m.Sharpe, m.Sortino,
            m.FinalEquity));
    }
}

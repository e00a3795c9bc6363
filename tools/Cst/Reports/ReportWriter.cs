using System.Globalization;
using System.Net;
using System.Text;
using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Cli.Reports;

/// <summary>
/// Writes the <c>cst backtest --report DIR</c> output: <c>DIR/index.html</c> (no scripts, no network: the
/// equity and drawdown charts are embedded) and <c>DIR/trades/*.png</c>, one candlestick chart per trade
/// with its entry, stop, target and exit, linked from the trade table.
/// </summary>
internal static class ReportWriter
{
    private const int MinutesBefore = 60;
    private const int MinutesAfter = 20;
    private const int MaxCandlesShown = 360;
    private const int WarmUpCandles = 100;

    public static void Write(string directory, BacktestResult result, IReadOnlyList<SymbolSeries> series, TradingConfig config)
    {
        var tradesDir = Path.Combine(directory, "trades");
        Directory.CreateDirectory(tradesDir);
        var bySymbol = series.ToDictionary(s => s.Symbol, s => s.Candles, StringComparer.Ordinal);
        var signals = result.Signals.ToDictionary(s => s.Id, StringComparer.Ordinal);

        // the chart resamples long trades to keep within MaxCandlesShown candles, and draws SWING trades on 5-minute candles
        var renderer = new CandleChartRenderer(new CandleChartOptions
        {
            Width = 960,
            Height = 720,
            MaxCandles = MaxCandlesShown,
            Strategy = config.Strategy,
        });
        var files = new string[result.Trades.Count];
        Parallel.For(0, result.Trades.Count, i =>
        {
            var trade = result.Trades[i];
            var signal = signals[trade.SignalId];
            var from = signal.TimeMs - (MinutesBefore * 60_000L);
            var to = trade.ExitTimeMs + (MinutesAfter * 60_000L);
            var interval = renderer.IntervalFor(from, to, signal.Kind == SignalKind.Swing);
            var png = renderer.Render(new CandleChartRequest(trade.Symbol, Window(bySymbol[trade.Symbol], from - (WarmUpCandles * interval.Milliseconds), to))
            {
                Signals = [SignalOverlay.From(signal, trade)],
                FromMs = from,
                ToMs = to,
            });
            files[i] = $"{i + 1:D4}-{trade.Symbol}-{WireNames.Of(trade.Side)}.png";
            File.WriteAllBytes(Path.Combine(tradesDir, files[i]), png);
        });

        var points = result.Equity.ToList();
        if (points.Count < 2)
        {
            // a run without closed trades still gets a flat curve from start to end
            points = [new EquityPoint(result.FirstTimeMs, result.Metrics.FinalEquity), new EquityPoint(result.LastTimeMs, result.Metrics.FinalEquity)];
        }

        var equityRenderer = new EquityChartRenderer();
        var charts = (equityRenderer.RenderEquity(points), equityRenderer.RenderDrawdown(points));
        File.WriteAllBytes(Path.Combine(directory, "equity.png"), charts.Item1);
        File.WriteAllBytes(Path.Combine(directory, "drawdown.png"), charts.Item2);
        File.WriteAllText(Path.Combine(directory, "index.html"), Html(result, files, charts), Encoding.UTF8);
    }

    /// <summary>The 1-minute candles from <paramref name="fromMs"/> to <paramref name="toMs"/> (the RSI warm-up included).</summary>
    private static List<Candle> Window(IReadOnlyList<Candle> candles, long fromMs, long toMs)
    {
        var list = new List<Candle>();
        foreach (var c in candles)
        {
            if (c.OpenTimeMs >= fromMs && c.OpenTimeMs <= toMs)
            {
                list.Add(c);
            }
        }

        return list;
    }

    private static string Html(BacktestResult r, string[] files, (byte[] Equity, byte[] Drawdown) charts)
    {
        var m = r.Metrics;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>CryptoSignalTracker backtest</title><style>")
          .Append(Css).Append("</style></head><body>");
        sb.Append(inv, $"<h1>Backtest {Esc(WireNames.Time(r.FirstTimeMs))} → {Esc(WireNames.Time(r.LastTimeMs))}</h1>");
        sb.Append("<h2>Summary</h2><table><tr>");
        foreach (var h in new[] { "trades", "win rate", "avg R", "profit factor", "expectancy", "net PnL", "fees", "max drawdown", "Sharpe", "Sortino", "exposure", "final equity" })
        {
            sb.Append("<th>").Append(h).Append("</th>");
        }

        sb.Append(inv, $"</tr><tr><td>{m.Trades}</td><td>{m.WinRate:P1}</td><td>{m.AverageR:0.00}</td><td>{Opt(m.ProfitFactor)}</td><td>{m.Expectancy:0.00}</td><td>{m.NetPnl:0.00}</td><td>{m.Fees:0.00}</td><td>{m.MaxDrawdown:P2}</td><td>{m.Sharpe:0.00}</td><td>{Opt(m.Sortino)}</td><td>{m.Exposure:P1}</td><td>{m.FinalEquity:0.00}</td></tr></table>");
        sb.Append(inv, $"<p>{r.Signals.Count} signals ({r.Signals.Count(s => s.Kind == SignalKind.Micro)} MICRO, {r.Signals.Count(s => s.Kind == SignalKind.Swing)} SWING); {r.Skipped.Count} set-ups skipped by the macro filter or the risk rules.</p>");

        sb.Append("<h2>Per symbol</h2><table><tr><th class=\"l\">symbol</th><th>trades</th><th>win rate</th><th>avg R</th><th>profit factor</th><th>net PnL</th></tr>");
        foreach (var s in m.PerSymbol)
        {
            sb.Append(inv, $"<tr><td class=\"l\">{Esc(s.Symbol)}</td><td>{s.Trades}</td><td>{s.WinRate:P1}</td><td>{s.AverageR:0.00}</td><td>{Opt(s.ProfitFactor)}</td><td>{s.NetPnl:0.00}</td></tr>");
        }

        sb.Append("</table><h2>Equity</h2>").Append(Img(charts.Equity, "equity curve"))
          .Append("<h2>Drawdown</h2>").Append(Img(charts.Drawdown, "drawdown"));

        sb.Append("<h2>Trades</h2><table><tr><th>#</th><th class=\"l\">symbol</th><th class=\"l\">kind</th><th class=\"l\">side</th><th class=\"l\">entry time</th><th>entry</th><th class=\"l\">exit time</th><th>exit</th><th class=\"l\">reason</th><th>R</th><th>PnL</th><th class=\"l\">chart</th></tr>");
        for (var i = 0; i < r.Trades.Count; i++)
        {
            var t = r.Trades[i];
            var cls = t.Pnl > 0 ? "win" : "loss";
            sb.Append(inv, $"<tr class=\"{cls}\"><td>{i + 1}</td><td class=\"l\">{Esc(t.Symbol)}</td><td class=\"l\">{WireNames.Of(t.Kind)}</td><td class=\"l\">{WireNames.Of(t.Side)}</td><td class=\"l\">{WireNames.Time(t.EntryTimeMs)}</td><td>{t.EntryPrice:G8}</td><td class=\"l\">{WireNames.Time(t.ExitTimeMs)}</td><td>{t.ExitPrice:G8}</td><td class=\"l\">{WireNames.Of(t.Reason)}</td><td>{t.RMultiple:0.00}</td><td>{t.Pnl:0.00}</td><td class=\"l\"><a href=\"trades/{WebUtility.HtmlEncode(files[i])}\">chart</a></td></tr>");
        }

        sb.Append("</table>");
        sb.Append("<h2>Signals</h2><table><tr><th class=\"l\">time</th><th class=\"l\">symbol</th><th class=\"l\">kind</th><th class=\"l\">side</th><th>entry</th><th>stop</th><th>target</th><th>confidence</th><th class=\"l\">reason</th></tr>");
        foreach (var s in r.Signals)
        {
            sb.Append(inv, $"<tr><td class=\"l\">{WireNames.Time(s.TimeMs)}</td><td class=\"l\">{Esc(s.Symbol)}</td><td class=\"l\">{WireNames.Of(s.Kind)}</td><td class=\"l\">{WireNames.Of(s.Side)}</td><td>{s.Entry:G8}</td><td>{s.StopLoss:G8}</td><td>{s.TakeProfit:G8}</td><td>{s.Confidence:0.#}</td><td class=\"l\">{Esc(s.Reason)}</td></tr>");
        }

        sb.Append("</table><p>Generated by <code>cst backtest</code>. Signals are paper trades; fills include adverse slippage and fees.</p></body></html>");
        return sb.ToString();
    }

    /// <summary>The style sheet every report page shares.</summary>
    internal const string Css = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}"
        + ".win{color:#127a2e}.loss{color:#b3261e}img{max-width:100%;border:1px solid #ddd}";

    /// <summary>An inline PNG image.</summary>
    internal static string Img(byte[] png, string alt) => $"<img alt=\"{alt}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">";

    /// <summary>HTML-escapes <paramref name="text"/>.</summary>
    internal static string Esc(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A number with 2 decimals, or n/a.</summary>
    internal static string Opt(double? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
}

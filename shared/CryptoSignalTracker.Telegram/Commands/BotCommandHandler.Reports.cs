using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Telegram.Formatting;

namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>The text reports: /status, /positions, /last, /stats, /bias, /mute and /unmute.</summary>
public sealed partial class BotCommandHandler
{
    /// <summary>Longest AI note shown by /bias.</summary>
    public const int MaxNoteLength = 300;

    private static readonly (string Name, TimeSpan Span)[] _statsWindows =
    [
        ("24h", TimeSpan.FromHours(24)),
        ("7d", TimeSpan.FromDays(7)),
        ("30d", TimeSpan.FromDays(30)),
    ];

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<string> StatusTextAsync(CancellationToken cancellationToken)
    {
        var health = await _status.GetAsync(cancellationToken).ConfigureAwait(false);
        var now = NowMs;
        var sb = new StringBuilder("🩺 <b>Pipeline status</b>\n");
        foreach (var s in health.Symbols)
        {
            sb.Append("<code>").Append(_formatter.Name(s.Symbol)).Append("</code> trade ").Append(Ago(s.LastTradeMs, now))
                .Append(", candle ").Append(Ago(s.LastCandleMs, now)).Append('\n');
        }

        if (health.Symbols.Count == 0)
        {
            sb.Append("No symbols reported.\n");
        }

        sb.Append("Macro engine: last run ").Append(Ago(health.LastMacroRunMs, now));
        return sb.ToString();
    }

    private async Task<string> PositionsTextAsync(CancellationToken cancellationToken)
    {
        var open = await _positions.ListOpenAsync(null, cancellationToken).ConfigureAwait(false);
        if (open.Count == 0)
        {
            return "No open positions.";
        }

        var sb = new StringBuilder("📂 <b>Open positions</b>\n");
        foreach (var p in open)
        {
            sb.Append(p.Side == Direction.Long ? "📈 " : "📉 ").Append("<code>").Append(_formatter.Name(p.Symbol)).Append("</code> ")
                .Append(WireNames.Of(p.Side)).Append(' ').Append(WireNames.Of(p.Kind))
                .Append(" @ <code>").Append(_formatter.Price(p.Symbol, p.EntryPrice)).Append("</code> TP <code>").Append(_formatter.Price(p.Symbol, p.TakeProfit))
                .Append("</code> SL <code>").Append(_formatter.Price(p.Symbol, p.StopLoss)).Append("</code> since ").Append(PriceText.UtcMinute(p.EntryTimeMs))
                .Append('\n');
        }

        return sb.ToString().TrimEnd('\n');
    }

    private async Task<string> LastTextAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var n = _options.DefaultLast;
        if (args.Count > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1 || n > _options.MaxLast))
        {
            return $"Usage: /last [N] with N from 1 to {_options.MaxLast}.";
        }

        var signals = (await _state.ListSignalsAsync(cancellationToken).ConfigureAwait(false))
            .OrderByDescending(s => s.Signal.TimeMs).ThenBy(s => s.Signal.Id, StringComparer.Ordinal).Take(n).ToList();
        if (signals.Count == 0)
        {
            return "No signals yet.";
        }

        var sb = new StringBuilder("🧾 <b>Last signals</b>\n");
        foreach (var s in signals)
        {
            var sig = s.Signal;
            var exit = await _state.GetExitAsync(SignalKeys.Of(sig.Id), cancellationToken).ConfigureAwait(false);
            sb.Append(sig.Side == Direction.Long ? "📈 " : "📉 ").Append("<code>").Append(_formatter.Name(sig.Symbol)).Append("</code> ")
                .Append(WireNames.Of(sig.Side)).Append(' ').Append(WireNames.Of(sig.Kind)).Append(' ')
                .Append(PriceText.UtcMinute(sig.TimeMs)).Append(" @ <code>").Append(_formatter.Price(sig.Symbol, sig.Entry)).Append("</code> → ");
            sb.Append(exit is null
                ? "open"
                : $"{(exit.Pnl > 0 ? "✅" : "❌")} {PriceText.SignedPercent(exit.PnlPercent)} ({WireNames.Of(exit.Reason)})");
            sb.Append('\n');
        }

        return sb.ToString().TrimEnd('\n');
    }

    private async Task<string> StatsTextAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var name = args.Count > 0 ? args[0].ToLowerInvariant() : "24h";
        var window = _statsWindows.FirstOrDefault(w => w.Name == name);
        if (window.Name is null)
        {
            return "Usage: /stats [24h|7d|30d]";
        }

        var now = NowMs;
        var from = now - (long)window.Span.TotalMilliseconds;
        var trades = (await _state.ListExitsAsync(cancellationToken).ConfigureAwait(false)).Where(t => t.ExitTimeMs >= from && t.ExitTimeMs <= now).ToList();
        if (trades.Count == 0)
        {
            return $"No closed trades in the last {window.Name}.";
        }

        var m = MetricsCalculator.Compute(trades, _options.InitialEquity, from, now, exposure: 0);
        var quote = TelegramHtml.Escape(_formatter.QuoteCurrency);
        return new StringBuilder("📊 <b>Stats, last ").Append(window.Name).Append("</b>\n")
            .Append("Trades: ").Append(m.Trades.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("Win rate: ").Append((m.WinRate * 100).ToString("0.0", CultureInfo.InvariantCulture)).Append("%\n")
            .Append("Net PnL: ").Append(PriceText.SignedAmount(m.NetPnl)).Append(' ').Append(quote)
            .Append(" (").Append(PriceText.SignedPercent(m.NetPnl / _options.InitialEquity * 100)).Append(")\n")
            .Append("Average: ").Append(PriceText.Ratio(m.AverageR, signed: true)).Append(" R\n")
            .Append("Profit factor: ").Append(m.ProfitFactor is { } pf ? PriceText.Ratio(pf) : "∞ (no losing trade)").Append('\n')
            .Append("Max drawdown: ").Append((m.MaxDrawdown * 100).ToString("0.00", CultureInfo.InvariantCulture)).Append('%')
            .ToString();
    }

    private async Task<string> BiasTextAsync(CancellationToken cancellationToken)
    {
        var all = await _bias.ListAsync(cancellationToken).ConfigureAwait(false);
        if (all.Count == 0)
        {
            return "No macro bias yet.";
        }

        var now = NowMs;
        var sb = new StringBuilder("🧭 <b>Macro bias</b>\n");
        foreach (var b in all)
        {
            sb.Append("<code>").Append(_formatter.Name(b.Symbol)).Append("</code> ").Append(WireNames.Of(b.Side)).Append(' ')
                .Append(PriceText.Score(b.Confidence)).Append("/100 ")
                .Append(b.IsValidAt(now) ? $"until {PriceText.UtcMinute(b.ExpiresAtMs)}" : "(expired)").Append('\n');
            if (!string.IsNullOrWhiteSpace(b.Note))
            {
                // Notes may be multi-line AI text: flatten so every line stays self-contained HTML.
                sb.Append("  <i>").Append(TelegramHtml.EscapeAndFit(b.Note.ReplaceLineEndings(" "), MaxNoteLength)).Append("</i>\n");
            }
        }

        return sb.ToString().TrimEnd('\n');
    }

    private async Task<string> MuteTextAsync(long chatId, bool mute, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            var muted = await _state.ListMutesAsync(chatId, cancellationToken).ConfigureAwait(false);
            return muted.Count == 0 ? "Usage: /mute SYMBOL, /unmute SYMBOL. Nothing is muted here."
                : "Muted here: " + string.Join(", ", muted.Select(s => $"<code>{TelegramHtml.Escape(s)}</code>"));
        }

        if (NormalizeSymbol(args[0]) is not { } symbol)
        {
            return $"'{TelegramHtml.EscapeAndFit(args[0], 30)}' is not a symbol (letters and digits, e.g. BTC or BTCUSDT).";
        }

        if (mute)
        {
            var added = await _state.MuteAsync(chatId, symbol, cancellationToken).ConfigureAwait(false);
            return added ? $"🔕 <code>{symbol}</code> alerts muted in this chat." : $"<code>{symbol}</code> was already muted.";
        }

        var removed = await _state.UnmuteAsync(chatId, symbol, cancellationToken).ConfigureAwait(false);
        return removed ? $"🔔 <code>{symbol}</code> alerts back on in this chat." : $"<code>{symbol}</code> was not muted.";
    }

    /// <summary>
    /// Upper-cases a user-typed symbol and adds the quote currency when it is missing (<c>btc</c> → <c>BTCUSDT</c>);
    /// null when it is not 2-20 ASCII letters and digits.
    /// </summary>
    internal string? NormalizeSymbol(string text)
    {
        var s = text.Trim().ToUpperInvariant();
        if (s.Length is < 2 or > 20 || !s.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var quote = _formatter.QuoteCurrency.ToUpperInvariant();
        return s.EndsWith(quote, StringComparison.Ordinal) && s.Length > quote.Length ? s : s + quote;
    }

    private static string Ago(long? timeMs, long nowMs)
    {
        if (timeMs is not long t)
        {
            return "never";
        }

        return PriceText.Duration(TimeSpan.FromMilliseconds(Math.Max(0, nowMs - t))) + " ago";
    }
}

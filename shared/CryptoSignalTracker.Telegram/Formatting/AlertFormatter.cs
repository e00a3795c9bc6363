using System.Text;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using Telegram.Bot.Types.ReplyMarkups;

namespace CryptoSignalTracker.Telegram.Formatting;

/// <summary>
/// Builds the HTML texts people see: the entry alert, the exit block appended when the position closes, the
/// chart caption and the <c>📊 Chart</c> button. Every dynamic part is escaped; the trigger reason is cut (never
/// inside an entity) so the entry alert plus its exit block always fits in one message.
/// </summary>
public sealed class AlertFormatter
{
    /// <summary>Text of the chart button.</summary>
    public const string ChartButtonText = "📊 Chart";

    private readonly AlertFormatOptions _options;
    private readonly TickSizes _ticks;

    /// <summary>Creates the formatter; <paramref name="options"/> default to <see cref="AlertFormatOptions"/>'s defaults.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the instruments file is not valid (names it).</exception>
    public AlertFormatter(AlertFormatOptions? options = null)
    {
        _options = options ?? new AlertFormatOptions();
        _options.Validate();
        try
        {
            _ticks = TickSizes.Load(_options.InstrumentsFile);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"alert instruments file: {ex.Message}", nameof(options), ex);
        }
    }

    /// <summary>
    /// A price of <paramref name="symbol"/> as alerts show it: rounded to the symbol's tick size (SOLUSDT 158.7156 → 158.72), trailing
    /// zeros trimmed; a symbol without a known tick size keeps <see cref="PriceText.SignificantDigits"/> significant digits.
    /// </summary>
    public string Price(string symbol, double price) => PriceText.Price(_ticks.Round(symbol, price));

    /// <summary>Quote currency of notional values and PnL.</summary>
    public string QuoteCurrency => _options.QuoteCurrency;

    /// <summary>Longest entry alert produced: the message limit minus <see cref="AlertFormatOptions.ExitReserve"/>.</summary>
    public int MaxEntryLength => TelegramLimits.MessageText - _options.ExitReserve;

    /// <summary>The entry alert of <paramref name="signal"/>, with the macro bias valid when it was decided (or none).</summary>
    public string Entry(Signal signal, MacroBias? bias)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var up = signal.Side == Direction.Long;
        var tpPercent = (signal.TakeProfit - signal.Entry) / signal.Entry * 100;
        var slPercent = (signal.StopLoss - signal.Entry) / signal.Entry * 100;
        var quote = TelegramHtml.Escape(_options.QuoteCurrency);

        var head = new StringBuilder(512)
            .Append(up ? "📈 <b>LONG SIGNAL</b>" : "📉 <b>SHORT SIGNAL</b>")
            .Append(" for <code>").Append(Name(signal.Symbol)).Append("</code> · ")
            .Append(WireNames.Of(signal.Kind)).Append('\n')
            .Append("Entry: <code>").Append(Price(signal.Symbol, signal.Entry)).Append("</code>\n")
            .Append("Take profit: <code>").Append(Price(signal.Symbol, signal.TakeProfit)).Append("</code> (")
            .Append(PriceText.SignedPercent(tpPercent)).Append(")\n")
            .Append("Stop loss: <code>").Append(Price(signal.Symbol, signal.StopLoss)).Append("</code> (")
            .Append(PriceText.SignedPercent(slPercent)).Append(")\n")
            .Append("Reward:risk: ").Append(PriceText.Ratio(signal.RewardToRisk)).Append('\n')
            .Append("Size: <code>").Append(PriceText.Price(signal.Quantity)).Append("</code> (≈ ")
            .Append(PriceText.Amount(signal.Quantity * signal.Entry)).Append(' ').Append(quote).Append(")\n")
            .Append("Confidence: ").Append(PriceText.Score(signal.Confidence)).Append("/100\n")
            .Append("Macro bias: ").Append(Bias(bias)).Append('\n')
            .Append("<i>Trigger: ")
            .ToString();

        var tail = new StringBuilder(256)
            .Append("</i>\n<i>Strategy: ").Append(Name(signal.StrategyId)).Append("</i>\n")
            .Append("🕒 Candle ").Append(PriceText.UtcMinute(signal.TimeMs))
            .Append(signal.Forming ? " (still forming)" : string.Empty)
            .ToString();

        var reason = TelegramHtml.EscapeAndFit(signal.Reason, MaxEntryLength - head.Length - tail.Length);
        return head + reason + tail;
    }

    /// <summary>The block appended to the entry alert when <paramref name="trade"/> closes (starts with a blank line).</summary>
    public string ExitBlock(ClosedTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var held = TimeSpan.FromMilliseconds(trade.ExitTimeMs + Interval.OneMinute.Milliseconds - trade.EntryTimeMs);
        return new StringBuilder(300)
            .Append("\n\n").Append(trade.Pnl > 0 ? "✅" : "❌")
            .Append(" <b>EXIT ").Append(WireNames.Of(trade.Side)).Append("</b> <code>").Append(Name(trade.Symbol)).Append("</code>\n")
            .Append("Exit: <code>").Append(Price(trade.Symbol, trade.ExitPrice)).Append("</code> · ").Append(ReasonWords(trade.Reason)).Append('\n')
            .Append("PnL: ").Append(PriceText.SignedPercent(trade.PnlPercent)).Append(" · ")
            .Append(PriceText.Ratio(trade.RMultiple, signed: true)).Append(" R (")
            .Append(PriceText.SignedAmount(trade.Pnl)).Append(' ').Append(TelegramHtml.Escape(_options.QuoteCurrency)).Append(")\n")
            .Append("Held: ").Append(PriceText.Duration(held)).Append(" (closed ").Append(PriceText.UtcMinute(trade.ExitTimeMs)).Append(')')
            .ToString();
    }

    /// <summary>The entry alert with its exit block: what an exit edits the alert into.</summary>
    public string WithExit(string entryHtml, ClosedTrade trade)
    {
        ArgumentNullException.ThrowIfNull(entryHtml);
        var text = entryHtml + ExitBlock(trade);
        return text.Length <= TelegramLimits.MessageText
            ? text
            : throw new ArgumentException($"alert with exit is {text.Length} characters, over the {TelegramLimits.MessageText} limit", nameof(entryHtml));
    }

    /// <summary>An exit alone, for a trade whose entry alert is unknown.</summary>
    public string ExitOnly(ClosedTrade trade) => ExitBlock(trade).TrimStart('\n');

    /// <summary>The caption of a signal's chart photo (at most <see cref="TelegramLimits.Caption"/> characters).</summary>
    public string ChartCaption(Signal signal, ClosedTrade? trade)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var sb = new StringBuilder(256)
            .Append("📊 <code>").Append(Name(signal.Symbol)).Append("</code> ")
            .Append(WireNames.Of(signal.Side)).Append(' ').Append(WireNames.Of(signal.Kind))
            .Append(" · ").Append(PriceText.UtcMinute(signal.TimeMs)).Append('\n')
            .Append("Entry <code>").Append(Price(signal.Symbol, signal.Entry))
            .Append("</code> · TP <code>").Append(Price(signal.Symbol, signal.TakeProfit))
            .Append("</code> · SL <code>").Append(Price(signal.Symbol, signal.StopLoss)).Append("</code>");
        if (trade is not null)
        {
            sb.Append('\n').Append(trade.Pnl > 0 ? "✅" : "❌").Append(" Exit <code>").Append(Price(trade.Symbol, trade.ExitPrice))
                .Append("</code> ").Append(ReasonWords(trade.Reason)).Append(", ").Append(PriceText.SignedPercent(trade.PnlPercent));
        }

        return sb.ToString();
    }

    /// <summary>The inline keyboard with the single <c>📊 Chart</c> button for <paramref name="signalId"/>.</summary>
    public static InlineKeyboardMarkup ChartKeyboard(string signalId) =>
        new(InlineKeyboardButton.WithCallbackData(ChartButtonText, SignalKeys.ChartCallback(signalId)));

    /// <summary>The exit reason in words.</summary>
    public static string ReasonWords(ExitReason reason) => reason switch
    {
        ExitReason.TakeProfit => "take-profit hit",
        ExitReason.StopLoss => "stop-loss hit",
        ExitReason.Time => "time limit reached",
        _ => "data ended",
    };

    /// <summary>A symbol, strategy id or similar name: escaped and cut to <see cref="AlertFormatOptions.MaxNameLength"/>.</summary>
    public string Name(string? name) => TelegramHtml.EscapeAndFit(name, _options.MaxNameLength);

    private static string Bias(MacroBias? bias) => bias is null
        ? "none"
        : $"{WireNames.Of(bias.Side)} {PriceText.Score(bias.Confidence)}/100";
}

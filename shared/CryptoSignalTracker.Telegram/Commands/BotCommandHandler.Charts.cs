using System.Globalization;
using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Sending;
using CryptoSignalTracker.Telegram.State;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;

namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>The picture commands: /chart, /equity and the 📊 Chart button.</summary>
public sealed partial class BotCommandHandler
{
    private const long MinuteMs = 60_000;

    /// <summary>Minutes shown before a signal on its button chart (so the set-up is visible).</summary>
    private const int LeadInMinutes = 30;

    /// <summary>Minutes shown after an exit on its button chart.</summary>
    private const int FollowMinutes = 15;

    /// <summary>Builds the PNG chart of a stored signal (with its exit when known), or null when no candles cover it.</summary>
    internal async Task<(byte[] Png, string Caption)?> SignalChartAsync(StoredSignal stored, CancellationToken cancellationToken)
    {
        var signal = stored.Signal;
        var exit = await _state.GetExitAsync(SignalKeys.Of(signal.Id), cancellationToken).ConfigureAwait(false);
        var nowMinute = NowMs / MinuteMs * MinuteMs;
        var to = exit is null ? nowMinute : Math.Min(nowMinute, exit.ExitTimeMs + (FollowMinutes * MinuteMs));
        var from = Math.Min(to - ((_options.DefaultChartMinutes - 1) * MinuteMs), signal.TimeMs - (LeadInMinutes * MinuteMs));
        if (to - from > _options.MaxChartMinutes * MinuteMs)
        {
            // An old, long trade: show the entry and what follows it rather than an unreadable day.
            from = signal.TimeMs - (LeadInMinutes * MinuteMs);
            to = from + ((_options.DefaultChartMinutes - 1) * MinuteMs);
        }

        // a long trade is drawn on coarser candles (the renderer caps the count; the title names the interval), SWING on 5m or coarser:
        // read enough history for the RSI of those candles
        var interval = _chartRenderer.IntervalFor(from, to, signal.Kind == SignalKind.Swing);
        var candles = await _candles.ReadAsync(signal.Symbol, from - (_options.ChartWarmUpCandles * interval.Milliseconds), to + MinuteMs, cancellationToken).ConfigureAwait(false);
        if (!candles.Any(c => c.OpenTimeMs >= from))
        {
            return null;
        }

        var png = _chartRenderer.Render(new CandleChartRequest(signal.Symbol, candles)
        {
            FromMs = from,
            ToMs = Math.Min(to, candles[^1].OpenTimeMs),
            Signals = [SignalOverlay.From(signal, exit)],
        });
        return (png, _formatter.ChartCaption(signal, exit));
    }

    private async Task<UpdateOutcome> OnCallbackAsync(int updateId, CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(callback.Id) || callback.From is null)
        {
            _logger.LogWarning("Telegram update {UpdateId} rejected: callback query without id or sender", updateId);
            return UpdateOutcome.Malformed;
        }

        var chatId = callback.Message?.Chat?.Id ?? 0;
        var key = SignalKeys.ParseChartCallback(callback.Data);
        if (chatId == 0 || key is null)
        {
            _logger.LogWarning("Telegram update {UpdateId}: callback without a chat or with unknown data", updateId);
            await _gateway.AnswerCallbackAsync(callback.Id, "This button is not supported.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Malformed;
        }

        if (!IsOwner(callback.From.Id) && await _state.GetChatAsync(chatId, cancellationToken).ConfigureAwait(false) is null)
        {
            await _gateway.AnswerCallbackAsync(callback.Id, "🔒 Ask the owner for an invite.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Unauthorized;
        }

        var stored = await _state.GetSignalAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            await _gateway.AnswerCallbackAsync(callback.Id, "That signal is no longer known.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Handled;
        }

        // Answer first: it stops the button's spinner while the chart renders.
        await _gateway.AnswerCallbackAsync(callback.Id, null, cancellationToken).ConfigureAwait(false);
        var chart = await SignalChartAsync(stored, cancellationToken).ConfigureAwait(false);
        if (chart is not { } c)
        {
            await ReplyAsync(chatId, $"No candles stored for <code>{_formatter.Name(stored.Signal.Symbol)}</code> around that signal.", cancellationToken).ConfigureAwait(false);
            return UpdateOutcome.Handled;
        }

        await SendPhotoAsync(chatId, c.Png, c.Caption, cancellationToken).ConfigureAwait(false);
        return UpdateOutcome.Handled;
    }

    private async Task ChartAsync(long chatId, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var usage = $"Usage: /chart SYMBOL [minutes], minutes 15 to {_options.MaxChartMinutes} (default {_options.DefaultChartMinutes}).";
        if (args.Count is 0 or > 2 || NormalizeSymbol(args[0]) is not { } symbol)
        {
            await ReplyAsync(chatId, usage, cancellationToken).ConfigureAwait(false);
            return;
        }

        var minutes = _options.DefaultChartMinutes;
        if (args.Count == 2 && (!int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes < 15 || minutes > _options.MaxChartMinutes))
        {
            await ReplyAsync(chatId, usage, cancellationToken).ConfigureAwait(false);
            return;
        }

        var to = NowMs / MinuteMs * MinuteMs;
        var from = to - (minutes * MinuteMs);
        var warmUpMs = _options.ChartWarmUpCandles * _chartRenderer.IntervalFor(from, to).Milliseconds;
        var candles = await _candles.ReadAsync(symbol, from - warmUpMs, to + MinuteMs, cancellationToken).ConfigureAwait(false);
        if (!candles.Any(c => c.OpenTimeMs >= from))
        {
            await ReplyAsync(chatId, $"No <code>{symbol}</code> candles in the last {minutes} minutes.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var overlays = new List<SignalOverlay>();
        foreach (var s in (await _state.ListSignalsAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => s.Signal.Symbol == symbol && s.Signal.TimeMs >= from && s.Signal.TimeMs <= to))
        {
            overlays.Add(SignalOverlay.From(s.Signal, await _state.GetExitAsync(SignalKeys.Of(s.Signal.Id), cancellationToken).ConfigureAwait(false)));
        }

        var png = _chartRenderer.Render(new CandleChartRequest(symbol, candles) { FromMs = from + MinuteMs, ToMs = candles[^1].OpenTimeMs, Signals = overlays });
        var caption = $"📊 <code>{symbol}</code> · last {minutes} min · {PriceText.UtcMinute(candles[^1].OpenTimeMs)}";
        await SendPhotoAsync(chatId, png, caption, cancellationToken).ConfigureAwait(false);
    }

    private async Task EquityAsync(long chatId, CancellationToken cancellationToken)
    {
        var trades = await _state.ListExitsAsync(cancellationToken).ConfigureAwait(false);
        if (trades.Count == 0)
        {
            await ReplyAsync(chatId, "No closed trades yet, so no equity curve.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var equity = _options.InitialEquity;
        var points = new List<Core.Backtesting.EquityPoint>(trades.Count + 1) { new(trades[0].EntryTimeMs, equity) };
        foreach (var t in trades)
        {
            equity += t.Pnl;
            points.Add(new Core.Backtesting.EquityPoint(Math.Max(t.ExitTimeMs, points[^1].TimeMs), equity));
        }

        var png = _equityRenderer.RenderEquity(points);
        var caption = $"💰 Equity after {trades.Count} closed trade(s): <code>{PriceText.Amount(equity)}</code> {TelegramHtml.Escape(_formatter.QuoteCurrency)} " +
            $"({PriceText.SignedPercent((equity - _options.InitialEquity) / _options.InitialEquity * 100)})";
        await SendPhotoAsync(chatId, png, caption, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendPhotoAsync(long chatId, byte[] png, string caption, CancellationToken cancellationToken)
    {
        var result = await _gateway.SendPhotoAsync(chatId, png, TelegramHtml.FitLines(caption, TelegramLimits.Caption), cancellationToken).ConfigureAwait(false);
        if (result.Outcome is TelegramOutcome.Blocked or TelegramOutcome.ChatGone)
        {
            await _state.MarkBlockedAsync(chatId, result.Description ?? result.Outcome.ToString(), NowMs, cancellationToken).ConfigureAwait(false);
        }
    }
}

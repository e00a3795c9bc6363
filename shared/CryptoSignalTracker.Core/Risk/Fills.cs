using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Risk;

/// <summary>Fill prices and exit resolution on candles: the one implementation the backtester and the live path use.</summary>
/// <remarks>
/// Slippage is always adverse and never improves a fill. A stop that the candle gaps through fills at the
/// open (worse than the stop); a target fills at the target even when the candle opens beyond it. When stop
/// and target both fall inside one candle the stop is taken, since the order of highs and lows inside a
/// candle is unknown.
/// </remarks>
public static class Fills
{
    /// <summary>Entry fill for <paramref name="side"/> at reference price <paramref name="price"/>.</summary>
    public static double Entry(Direction side, double price, RiskOptions options) =>
        side == Direction.Long ? price * (1 + (options.SlippagePercent / 100)) : price * (1 - (options.SlippagePercent / 100));

    /// <summary>Exit fill for a <paramref name="side"/> position at reference price <paramref name="price"/>.</summary>
    public static double Exit(Direction side, double price, RiskOptions options) =>
        side == Direction.Long ? price * (1 - (options.SlippagePercent / 100)) : price * (1 + (options.SlippagePercent / 100));

    /// <summary>
    /// Whether <paramref name="candle"/> (which opened at or after the position's entry) closes the position,
    /// and at what reference price (before slippage).
    /// </summary>
    public static (ExitReason Reason, double Price)? ResolveExit(Position position, in Candle candle, RiskOptions options)
    {
        if (position.Side == Direction.Long)
        {
            if (candle.Low <= position.StopLoss)
            {
                return (ExitReason.StopLoss, Math.Min(position.StopLoss, candle.Open));
            }

            if (candle.High >= position.TakeProfit)
            {
                return (ExitReason.TakeProfit, position.TakeProfit);
            }
        }
        else
        {
            if (candle.High >= position.StopLoss)
            {
                return (ExitReason.StopLoss, Math.Max(position.StopLoss, candle.Open));
            }

            if (candle.Low <= position.TakeProfit)
            {
                return (ExitReason.TakeProfit, position.TakeProfit);
            }
        }

        if (options.MaxHoldingMinutes > 0 && candle.OpenTimeMs + 60_000 - position.EntryTimeMs >= options.MaxHoldingMinutes * 60_000L)
        {
            return (ExitReason.Time, candle.Close);
        }

        return null;
    }

    /// <summary>Closes <paramref name="position"/> at reference price <paramref name="price"/>: fill with slippage, fees, PnL.</summary>
    public static ClosedTrade Close(Position position, long exitTimeMs, double price, ExitReason reason, RiskOptions options)
    {
        var exit = Exit(position.Side, price, options);
        var exitFee = exit * position.Quantity * options.FeePercent / 100;
        var gross = (position.Side == Direction.Long ? exit - position.EntryPrice : position.EntryPrice - exit) * position.Quantity;
        var fees = position.EntryFee + exitFee;
        return new ClosedTrade(
            position.SignalId, position.Symbol, position.Side, position.Kind, position.EntryTimeMs, position.EntryPrice,
            exitTimeMs, exit, reason, position.Quantity, fees, gross - fees, position.RiskAmount);
    }
}

using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>The argument checks every <see cref="IPositionBook"/> applies before touching its store.</summary>
public static class PositionGuard
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field of <paramref name="position"/>.</summary>
    public static void Validate(Position position)
    {
        ArgumentNullException.ThrowIfNull(position);
        StoreNames.Validate(position.SignalId, "signal id");
        Check(Symbols.IsWellFormed(position.Symbol), position.SignalId, $"symbol '{position.Symbol}' is not a symbol");
        Check(Enum.IsDefined(position.Side) && Enum.IsDefined(position.Kind), position.SignalId, "side or kind is undefined");
        Check(
            double.IsFinite(position.EntryPrice) && double.IsFinite(position.StopLoss) && double.IsFinite(position.TakeProfit)
            && double.IsFinite(position.Quantity) && double.IsFinite(position.RiskAmount) && double.IsFinite(position.EntryFee),
            position.SignalId,
            "prices, quantity, risk and fee must be finite");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field of <paramref name="trade"/>.</summary>
    public static void Validate(ClosedTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        StoreNames.Validate(trade.SignalId, "signal id");
        Check(Symbols.IsWellFormed(trade.Symbol), trade.SignalId, $"symbol '{trade.Symbol}' is not a symbol");
        Check(Enum.IsDefined(trade.Side) && Enum.IsDefined(trade.Kind) && Enum.IsDefined(trade.Reason), trade.SignalId, "side, kind or reason is undefined");
        Check(
            double.IsFinite(trade.EntryPrice) && double.IsFinite(trade.ExitPrice) && double.IsFinite(trade.Quantity)
            && double.IsFinite(trade.Fees) && double.IsFinite(trade.Pnl) && double.IsFinite(trade.RiskAmount),
            trade.SignalId,
            "prices, quantity, fees, PnL and risk must be finite");
    }

    private static void Check(bool ok, string id, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"position {id}: {problem}");
        }
    }
}

using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Charts.Tests;

public sealed class SignalOverlayTests
{
    private static readonly Signal _signal = new("BTCUSDT-1750715880-v5.2-champion", "BTCUSDT", 1_750_715_880_000, Direction.Long, SignalKind.Micro,
        105_000, 104_580, 105_840, 0.1, 80, "RSI 24 + volume z 3.1", "v5.2-champion");

    [Fact]
    public void From_SignalAndItsTrade_CarriesLevelsAndExit()
    {
        var trade = new ClosedTrade(_signal.Id, "BTCUSDT", Direction.Long, SignalKind.Micro, _signal.TimeMs + 60_000, 105_010,
            _signal.TimeMs + 840_000, 105_840, ExitReason.TakeProfit, 0.1, 12.6, 70.4, 42);

        var overlay = SignalOverlay.From(_signal, trade);

        Assert.Equal(new SignalOverlay(_signal.TimeMs, Direction.Long, 105_000, 104_580, 105_840,
            new TradeExitOverlay(_signal.TimeMs + 840_000, 105_840, ExitReason.TakeProfit)), overlay);
    }

    [Fact]
    public void From_SignalAlone_HasNoExit()
    {
        Assert.Null(SignalOverlay.From(_signal).Exit);
    }

    [Fact]
    public void From_TradeOfAnotherSignal_Throws()
    {
        var trade = new ClosedTrade("ETHUSDT-1-x", "ETHUSDT", Direction.Long, SignalKind.Micro, 0, 1, 1, 1, ExitReason.End, 1, 0, 0, 1);

        var ex = Assert.Throws<ArgumentException>(() => SignalOverlay.From(_signal, trade));

        Assert.Contains("ETHUSDT-1-x", ex.Message, StringComparison.Ordinal);
    }
}

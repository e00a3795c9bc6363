using System.Text;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Functions.Tests.Infrastructure;

namespace CryptoSignalTracker.Functions.Tests;

public sealed class TradeSignalMessageCodecTests
{
    [Fact]
    public void EncodeEntry_WithBias_RoundTripsSignalAndBias()
    {
        var signal = Sample.BtcLong() with { Forming = true };
        var decoded = TradeSignalMessageCodec.Decode(TradeSignalMessageCodec.EncodeEntry(signal, Sample.Bias()));

        Assert.Equal(TradeSignalMessageType.Entry, decoded.Type);
        Assert.Equal(signal, decoded.Signal);
        Assert.Equal(Sample.Bias(), decoded.Bias);
        Assert.Null(decoded.Trade);
    }

    [Fact]
    public void EncodeEntry_WithoutBias_WritesNullBiasAndTheBacktestSignalObject()
    {
        var signal = Sample.BtcLong();
        var text = Encoding.UTF8.GetString(TradeSignalMessageCodec.EncodeEntry(signal, null));

        Assert.Equal($$"""{"v":1,"type":"ENTRY","signal":{{BacktestJson.SignalLine(signal)}},"bias":null}""", text);
        var decoded = TradeSignalMessageCodec.Decode(Encoding.UTF8.GetBytes(text));
        Assert.Equal(signal, decoded.Signal);
        Assert.Null(decoded.Bias);
    }

    [Fact]
    public void EncodeExit_ShortSwingStopLoss_RoundTripsTheTrade()
    {
        var trade = Sample.Exit() with { Side = Direction.Short, Kind = SignalKind.Swing, Reason = ExitReason.StopLoss };
        var bytes = TradeSignalMessageCodec.Encode(TradeSignalMessage.ForExit(trade));
        var decoded = TradeSignalMessageCodec.Decode(bytes);

        Assert.Equal(TradeSignalMessageType.Exit, decoded.Type);
        Assert.Equal(trade, decoded.Trade);
        Assert.Contains("\"rMultiple\":", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ExitWithoutRiskAmount_DerivesItFromPnlAndR()
    {
        const string json = """{"v":1,"type":"EXIT","trade":{"signalId":"X-1-s","symbol":"BTCUSDT","side":"LONG","kind":"MICRO","entryTime":"2025-06-01T16:40:00Z","entryPrice":100,"exitTime":"2025-06-01T17:00:00Z","exitPrice":101,"exitReason":"TP","quantity":1,"fees":0.1,"pnl":20,"rMultiple":2}}""";

        var trade = TradeSignalMessageCodec.Decode(Encoding.UTF8.GetBytes(json)).Trade!;

        Assert.Equal(10, trade.RiskAmount);
        Assert.Equal(ExitReason.TakeProfit, trade.Reason);
        Assert.Equal(1_748_797_200_000, trade.ExitTimeMs);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"type":"ENTRY"}""", "'v' is missing")]
    [InlineData("""{"v":2,"type":"ENTRY"}""", "'v' is 2")]
    [InlineData("""{"v":1,"type":"OPEN"}""", "'type' is 'OPEN'")]
    [InlineData("""{"v":1,"type":"ENTRY","bias":null}""", "'signal' is missing")]
    [InlineData("""{"v":1,"type":"EXIT","trade":"x"}""", "'trade' must be an object")]
    public void Decode_Malformed_ThrowsFormatExceptionNamingTheField(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TradeSignalMessageCodec.Decode(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"side\":\"LONG\"", "\"side\":\"UP\"", "'signal.side' is 'UP'")]
    [InlineData("\"kind\":\"MICRO\"", "\"kind\":\"NANO\"", "'signal.kind' is 'NANO'")]
    [InlineData("\"entry\":105164.2", "\"entry\":\"105164.2\"", "'signal.entry' must be a finite number")]
    [InlineData("\"time\":\"2025-06-01T16:39:00Z\"", "\"time\":\"yesterday\"", "'signal.time' is 'yesterday'")]
    [InlineData("\"strategy\":\"v5.2-champion\"", "\"strategy\":\"\"", "'signal.strategy' must be a non-empty string")]
    [InlineData("\"direction\":\"LONG\",\"confidence\":0.64", "\"direction\":\"LONG\"", "'bias.confidence' is missing")]
    [InlineData("\"note\":\"Calm", "\"note\":5,\"x\":\"Calm", "'bias.note' must be a string")]
    [InlineData("\"id\":\"BTCUSDT-", "\"id\":\"BTC/USDT-", "'signal.id' 'BTC/USDT-")]
    [InlineData("\"symbol\":\"BTCUSDT\"", "\"symbol\":\"BTC\\u0000USDT\"", "'signal.symbol' 'BTC\\u0000USDT' is not a symbol")]
    [InlineData("\"symbol\":\"BTCUSDT\"", "\"symbol\":\"BTC\\u202EUSDT\"", "'signal.symbol' 'BTC\\u202eUSDT' is not a symbol")]
    [InlineData("\"stopLoss\":104428.1", "\"stopLoss\":105200", "a LONG needs stop < entry < target")]
    [InlineData("\"quantity\":", "\"quantity\":-1,\"q0\":", "'signal.quantity' -1 is not a quantity")]
    [InlineData("\"time\":\"2025-06-01T16:39:00Z\"", "\"time\":\"9999-06-01T16:39:00Z\"", "'signal.time'")]
    [InlineData("\"time\":\"2025-06-01T16:39:00Z\"", "\"time\":\"1970-01-01T00:00:00Z\"", "'signal.time'")]
    [InlineData("\"entry\":105164.2", "\"entry\":1e308", "signal entry 1E+308 is not a price")]
    public void Decode_EntryWithBadField_NamesIt(string from, string to, string expected)
    {
        var json = Encoding.UTF8.GetString(TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), Sample.Bias()));
        Assert.Contains(from, json, StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => TradeSignalMessageCodec.Decode(Encoding.UTF8.GetBytes(json.Replace(from, to, StringComparison.Ordinal))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"exitReason\":\"TIME\"", "\"exitReason\":\"LATER\"", "'trade.exitReason' is 'LATER'")]
    [InlineData("\"pnl\":-34.08,", "", "'trade.pnl' is missing")]
    [InlineData("\"riskAmount\":71", "\"riskAmount\":null", "'riskAmount' is missing")]
    public void Decode_ExitWithBadField_NamesIt(string from, string to, string expected)
    {
        var json = Encoding.UTF8.GetString(TradeSignalMessageCodec.EncodeExit(Sample.Exit()));
        Assert.Contains(from, json, StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => TradeSignalMessageCodec.Decode(Encoding.UTF8.GetBytes(json.Replace(from, to, StringComparison.Ordinal))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SignalIdOf10KB_ThrowsNamingTheLength()
    {
        var json = Encoding.UTF8.GetString(TradeSignalMessageCodec.EncodeEntry(Sample.BtcLong(), Sample.Bias()));
        var id = Sample.BtcLong().Id;

        var e = Assert.Throws<FormatException>(() => TradeSignalMessageCodec.Decode(Encoding.UTF8.GetBytes(json.Replace(id, new string('A', 10_000), StringComparison.Ordinal))));

        Assert.Contains("'signal.id' must be 1 to 128 characters, was 10000", e.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Tests.Messages;

public sealed class SwingIntentCodecTests
{
    private const long OpenMs = 1_700_000_100_000;
    private const long FourHoursMs = 4 * 3_600_000L;

    private static MacroSignal Sample(string symbol = "BTCUSDT", string? note = null) => new(
        new EntryIntent(Direction.Long, 104337.8, 102251.044, 108511.312, 73.25, "close 104337.8 > EMA20(4h) 101000, RSI 55.1 rising, volume z 2.3"),
        new MacroBias(symbol, Direction.Long, 73.25, OpenMs + 300_000, OpenMs + 300_000 + FourHoursMs, note),
        OpenMs);

    [Fact]
    public void KeyFor_Btc_IsTheSignalIdAndAValidStoreKey()
    {
        var key = SwingIntentCodec.KeyFor("BTCUSDT", 1_700_000_000_000);

        Assert.Equal("BTCUSDT-1700000000-macro-swing", key);
        Assert.Equal(Signal.MakeId("BTCUSDT", 1_700_000_000_000, MacroRules.StrategyId), key);
        Assert.Equal(key, StoreNames.Validate(key, "key"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("btc/usdt")]
    [InlineData("BTC USDT")]
    public void KeyFor_MalformedSymbol_ThrowsNamingIt(string symbol)
    {
        var e = Assert.Throws<ArgumentException>(() => SwingIntentCodec.KeyFor(symbol, OpenMs));
        Assert.Contains($"'{symbol}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Sample_WritesTheDocumentedCompactShape()
    {
        var json = SwingIntentCodec.Encode("BTCUSDT", Sample());

        Assert.Equal(
            """{"v":1,"id":"BTCUSDT-1700000100-macro-swing","symbol":"BTCUSDT","candleOpenTime":"2023-11-14T22:15:00Z","side":"LONG","entry":104337.8,"stopLoss":102251.044,"takeProfit":108511.312,"strength":73.25,"reason":"close 104337.8 > EMA20(4h) 101000, RSI 55.1 rising, volume z 2.3","bias":{"symbol":"BTCUSDT","direction":"LONG","confidence":73.25,"publishedAt":"2023-11-14T22:20:00Z","expiresAt":"2023-11-15T02:20:00Z"}}""",
            json);
    }

    [Fact]
    public void Decode_EncodedSample_RoundTripsIdSymbolAndSignal()
    {
        var signal = Sample(note: "ünïcode \"quoted\" ≤ note");

        var (id, symbol, decoded) = SwingIntentCodec.Decode(SwingIntentCodec.Encode("BTCUSDT", signal));

        Assert.Equal("BTCUSDT-1700000100-macro-swing", id);
        Assert.Equal("BTCUSDT", symbol);
        Assert.Equal(signal, decoded);
    }

    [Theory]
    [InlineData(0.1 + 0.2)]
    [InlineData(1.0 / 3.0)]
    [InlineData(1.0000000000000002E-9)]
    [InlineData(123456789.12345679)]
    [InlineData(0.000012345678901234567)]
    public void Decode_AwkwardDoubles_AreBitExact(double value)
    {
        var signal = new MacroSignal(
            new EntryIntent(Direction.Short, value, Math.BitIncrement(value), Math.BitDecrement(value), value, "awkward"),
            new MacroBias("SEIUSDT", Direction.Short, Math.Min(value, 100), OpenMs + 1, OpenMs + FourHoursMs + 999),
            OpenMs + 7);

        var (_, _, decoded) = SwingIntentCodec.Decode(SwingIntentCodec.Encode("SEIUSDT", signal));

        Assert.Equal(BitConverter.DoubleToInt64Bits(signal.Intent.Entry), BitConverter.DoubleToInt64Bits(decoded.Intent.Entry));
        Assert.Equal(BitConverter.DoubleToInt64Bits(signal.Intent.StopLoss), BitConverter.DoubleToInt64Bits(decoded.Intent.StopLoss));
        Assert.Equal(BitConverter.DoubleToInt64Bits(signal.Intent.TakeProfit), BitConverter.DoubleToInt64Bits(decoded.Intent.TakeProfit));
        Assert.Equal(BitConverter.DoubleToInt64Bits(signal.Intent.Strength), BitConverter.DoubleToInt64Bits(decoded.Intent.Strength));
        Assert.Equal(BitConverter.DoubleToInt64Bits(signal.Bias.Confidence), BitConverter.DoubleToInt64Bits(decoded.Bias.Confidence));
        Assert.Equal(signal, decoded);
    }

    [Fact]
    public void Decode_MillisecondTimes_RoundTrip()
    {
        var signal = Sample() with { CandleOpenTimeMs = OpenMs + 123 };

        var (_, _, decoded) = SwingIntentCodec.Decode(SwingIntentCodec.Encode("BTCUSDT", signal));

        Assert.Equal(OpenMs + 123, decoded.CandleOpenTimeMs);
    }

    [Fact]
    public void Encode_BiasOfAnotherSymbol_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => SwingIntentCodec.Encode("ETHUSDT", Sample()));
        Assert.Contains("BTCUSDT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_NaNEntry_ThrowsNamingTheField()
    {
        var signal = Sample() with { Intent = Sample().Intent with { Entry = double.NaN } };

        var e = Assert.Throws<ArgumentException>(() => SwingIntentCodec.Encode("BTCUSDT", signal));
        Assert.Contains("'entry'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v")]
    [InlineData("id")]
    [InlineData("symbol")]
    [InlineData("candleOpenTime")]
    [InlineData("side")]
    [InlineData("entry")]
    [InlineData("stopLoss")]
    [InlineData("takeProfit")]
    [InlineData("strength")]
    [InlineData("reason")]
    [InlineData("bias")]
    public void Decode_MissingField_ThrowsNamingIt(string field)
    {
        var node = JsonNode.Parse(SwingIntentCodec.Encode("BTCUSDT", Sample()))!.AsObject();
        node.Remove(field);

        var e = Assert.Throws<FormatException>(() => SwingIntentCodec.Decode(node.ToJsonString()));
        Assert.Contains($"'{field}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("symbol")]
    [InlineData("direction")]
    [InlineData("confidence")]
    [InlineData("publishedAt")]
    [InlineData("expiresAt")]
    public void Decode_MissingBiasField_ThrowsNamingIt(string field)
    {
        var node = JsonNode.Parse(SwingIntentCodec.Encode("BTCUSDT", Sample()))!.AsObject();
        node["bias"]!.AsObject().Remove(field);

        var e = Assert.Throws<FormatException>(() => SwingIntentCodec.Decode(node.ToJsonString()));
        Assert.Contains($"'bias.{field}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v", "2", "'v' is 2")]
    [InlineData("v", "\"1\"", "'v' must be an integer")]
    [InlineData("side", "\"BUY\"", "'side' is 'BUY'")]
    [InlineData("entry", "\"104337.8\"", "'entry' must be a finite number")]
    [InlineData("strength", "true", "'strength' must be a finite number")]
    [InlineData("candleOpenTime", "\"yesterday\"", "'candleOpenTime' is 'yesterday'")]
    [InlineData("symbol", "\"btc/usdt\"", "'symbol' is 'btc/usdt'")]
    [InlineData("id", "\"BTCUSDT-1-macro-swing\"", "'id' is 'BTCUSDT-1-macro-swing'")]
    [InlineData("reason", "7", "'reason' must be a string")]
    [InlineData("bias", "[]", "'bias' must be an object")]
    public void Decode_WrongField_ThrowsNamingIt(string field, string rawValue, string expected)
    {
        var node = JsonNode.Parse(SwingIntentCodec.Encode("BTCUSDT", Sample()))!.AsObject();
        node[field] = JsonNode.Parse(rawValue);

        var e = Assert.Throws<FormatException>(() => SwingIntentCodec.Decode(node.ToJsonString()));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.Epsilon)]
    [InlineData(1.7976931348623155E+308)]
    [InlineData(2.2250738585072014E-308)]
    [InlineData(-0.0)]
    public void Decode_LevelsOutsideThePriceBounds_RefusedNamingTheLevel(double value)
    {
        // Issue 15: the swing-intent decoder did not call the InputRules; such an intent reached the portfolio.
        var signal = new MacroSignal(
            new EntryIntent(Direction.Short, value, Math.BitIncrement(value), Math.BitDecrement(value), 50, "absurd"),
            new MacroBias("SEIUSDT", Direction.Short, 50, OpenMs + 1, OpenMs + FourHoursMs),
            OpenMs);

        var e = Assert.Throws<FormatException>(() => SwingIntentCodec.Decode(SwingIntentCodec.Encode("SEIUSDT", signal)));

        Assert.StartsWith("intent entry", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "stopLoss", "104400", "intent: a LONG needs stop < entry < target")]
    [InlineData(null, "reason", "\"rising\\u0000\"", "field 'reason'")]
    [InlineData("bias", "confidence", "250", "field 'bias.confidence' 250 is not in [0, 100]")]
    [InlineData("bias", "confidence", "-1", "field 'bias.confidence' -1 is not in [0, 100]")]
    [InlineData("bias", "note", "\"risk \u202E off\"", "field 'bias.note'")]
    [InlineData("bias", "expiresAt", "\"9999-12-31T00:00:00Z\"", "field 'bias.expiresAt'")]
    [InlineData("bias", "publishedAt", "\"1970-01-01T00:00:00Z\"", "field 'bias.publishedAt'")]
    public void Decode_BreaksTheInputRules_RefusedNamingTheField(string? parent, string field, string rawValue, string expected)
    {
        var node = JsonNode.Parse(SwingIntentCodec.Encode("BTCUSDT", Sample()))!.AsObject();
        (parent is null ? node : node[parent]!.AsObject())[field] = JsonNode.Parse(rawValue);

        var e = Assert.Throws<FormatException>(() => SwingIntentCodec.Decode(node.ToJsonString()));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BiasOfAnotherSymbol_ThrowsNamingBiasSymbol()
    {
        var node = JsonNode.Parse(SwingIntentCodec.Encode("BTCUSDT", Sample()))!.AsObject();
        node["bias"]!["symbol"] = "ETHUSDT";

        var e = Assert.Throws<FormatException>(() => SwingIntentCodec.Decode(node.ToJsonString()));
        Assert.Contains("'bias.symbol' is 'ETHUSDT'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NoteNotAString_ThrowsNamingIt()
    {
        var node = JsonNode.Parse(SwingIntentCodec.Encode("BTCUSDT", Sample()))!.AsObject();
        node["bias"]!["note"] = 5;

        var e = Assert.Throws<FormatException>(() => SwingIntentCodec.Decode(node.ToJsonString()));
        Assert.Contains("'bias.note'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"v\":1,")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public void Decode_NotAJsonObject_ThrowsFormatException(string text)
    {
        var e = Assert.Throws<FormatException>(() => SwingIntentCodec.Decode(text));
        Assert.Contains("swing intent", e.Message, StringComparison.Ordinal);
    }
}

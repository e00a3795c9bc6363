using System.Text;
using System.Text.Json.Nodes;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;

namespace CryptoSignalTracker.Core.Tests.Messages;

public sealed class BiasMessageCodecTests
{
    private static readonly MacroBias Bias = new("ETHUSDT", Direction.Short, 83.17500000000001, 1_748_624_700_000, 1_748_639_100_000);

    [Fact]
    public void Encode_Bias_WritesTheDocumentedShape()
    {
        var text = Encoding.UTF8.GetString(BiasMessageCodec.Encode(Bias));

        Assert.Equal("""{"v":1,"symbol":"ETHUSDT","direction":"SHORT","confidence":83.17500000000001,"publishedAt":"2025-05-30T17:05:00Z","expiresAt":"2025-05-30T21:05:00Z"}""", text);
    }

    [Fact]
    public void Decode_EncodedBiasWithNote_RoundTrips()
    {
        var bias = Bias with { Note = "Gemini: \"risk-off\" ≤ 4h" };

        Assert.Equal(bias, BiasMessageCodec.Decode(BiasMessageCodec.Encode(bias)));
    }

    [Theory]
    [InlineData("symbol", "'symbol' is missing")]
    [InlineData("direction", "'direction' is missing")]
    [InlineData("confidence", "'confidence' is missing")]
    [InlineData("publishedAt", "'publishedAt' is missing")]
    [InlineData("expiresAt", "'expiresAt' is missing")]
    [InlineData("v", "'v' is missing")]
    public void Decode_MissingField_ThrowsNamingIt(string field, string expected)
    {
        var node = JsonNode.Parse(BiasMessageCodec.Encode(Bias))!.AsObject();
        node.Remove(field);

        var e = Assert.Throws<FormatException>(() => BiasMessageCodec.Decode(Encoding.UTF8.GetBytes(node.ToJsonString())));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v", "3", "'v' is 3")]
    [InlineData("direction", "\"UP\"", "'direction' is 'UP'")]
    [InlineData("confidence", "\"high\"", "'confidence' must be a finite number")]
    [InlineData("symbol", "\"eth usdt\"", "'symbol' is 'eth usdt'")]
    [InlineData("expiresAt", "\"soon\"", "'expiresAt' is 'soon'")]
    [InlineData("note", "1", "'note' must be a string")]
    public void Decode_WrongField_ThrowsNamingIt(string field, string raw, string expected)
    {
        var node = JsonNode.Parse(BiasMessageCodec.Encode(Bias))!.AsObject();
        node[field] = JsonNode.Parse(raw);

        var e = Assert.Throws<FormatException>(() => BiasMessageCodec.Decode(Encoding.UTF8.GetBytes(node.ToJsonString())));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("confidence", "101", "field 'confidence' 101 is not in [0, 100]")]
    [InlineData("confidence", "-0.5", "field 'confidence' -0.5 is not in [0, 100]")]
    [InlineData("publishedAt", "\"1970-01-01T00:00:00Z\"", "field 'publishedAt'")]
    [InlineData("expiresAt", "\"9999-12-31T00:00:00Z\"", "field 'expiresAt'")]
    [InlineData("note", "\"risk \u202E off\"", "field 'note'")]
    [InlineData("note", "\"risk\\u0000off\"", "field 'note'")]
    public void Decode_BreaksTheInputRules_RefusedNamingTheField(string field, string raw, string expected)
    {
        // Issue 15: the bias decoder did not call the InputRules; a confidence of 101 or a note with a bidi override
        // reached the alert text.
        var node = JsonNode.Parse(BiasMessageCodec.Encode(Bias))!.AsObject();
        node[field] = JsonNode.Parse(raw);

        var e = Assert.Throws<FormatException>(() => BiasMessageCodec.Decode(Encoding.UTF8.GetBytes(node.ToJsonString())));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    public void Decode_NotAnObject_ThrowsFormatException(string text)
    {
        var e = Assert.Throws<FormatException>(() => BiasMessageCodec.Decode(Encoding.UTF8.GetBytes(text)));
        Assert.Contains("macro-bias-updates", e.Message, StringComparison.Ordinal);
    }
}

using System.Text;

namespace CryptoSignalTracker.Hosting.Tests;

/// <summary>The push envelope parser (one reader pass, data decoded in place or into one array).</summary>
public sealed class MessagePublishedDataTests
{
    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    [Theory]
    [InlineData("""{"message":{"data":"aGk/Pz4+","messageId":"1"}}""")]
    [InlineData("""{"message":{"data":"aGk\/Pz4+","messageId":"1"}}""")]
    [InlineData("""{"message":{"data":"aGk\u002FPz4\u002B","messageId":"1"}}""")]
    public void ParseAndParseInPlace_PlainOrEscapedBase64_SameBytes(string json)
    {
        var expected = Encoding.UTF8.GetBytes("hi??>>");

        Assert.Equal(expected, MessagePublishedData.Parse(Utf8(json)).Message.Data.ToArray());
        Assert.Equal(expected, MessagePublishedData.ParseInPlace(Utf8(json)).Message.Data.ToArray());
    }

    [Fact]
    public void ParseInPlace_SnakeCaseFields_ReadLikeCamelCase()
    {
        var parsed = MessagePublishedData.ParseInPlace(Utf8("""{"message":{"data":null,"attributes":{"k\u00e9":"v"},"message_id":"9","publish_time":"2022-02-15T11:28:32.942Z","ordering_key":"SOLUSDT","extra":[1,{"a":2}]},"subscription":"projects/p/subscriptions/s","delivery_attempt":4}"""));

        Assert.Equal(0, parsed.Message.Data.Length);
        Assert.Equal("v", parsed.Message.Attributes["ké"]);
        Assert.Equal("9", parsed.Message.MessageId);
        Assert.Equal(new DateTimeOffset(2022, 2, 15, 11, 28, 32, 942, TimeSpan.Zero), parsed.Message.PublishTime);
        Assert.Equal("SOLUSDT", parsed.Message.OrderingKey);
        Assert.Equal("projects/p/subscriptions/s", parsed.Subscription);
        Assert.Equal(4, parsed.DeliveryAttempt);
    }

    [Theory]
    [InlineData("", "not JSON")]
    [InlineData("""{"message":{"messageId":"1"}} x""", "not JSON")]
    [InlineData("""{"message":{"messageId":1},""", "not JSON")]
    [InlineData("\"text\"", "a JSON String, expected an object")]
    [InlineData("""{"message":[]}""", "no 'message' object")]
    [InlineData("""{"message":{"data":12}}""", "'message.data' must be a base64 string")]
    [InlineData("""{"message":{"data":"a$=="}}""", "'message.data' must be a base64 string")]
    [InlineData("""{"message":{"attributes":[]}}""", "'message.attributes' must be an object of strings")]
    [InlineData("""{"message":{"attributes":{"a":true}}}""", "attribute 'a' must be a string, was True")]
    [InlineData("""{"message":{"messageId":{}}}""", "'messageId' must be a string, was Object")]
    [InlineData("""{"message":{"publishTime":"yesterday"}}""", "is not an RFC 3339 time")]
    [InlineData("""{"message":{},"deliveryAttempt":1.5}""", "'deliveryAttempt' must be an integer")]
    [InlineData("""{"message":{"orderingKey":"\udc00"}}""", "not valid text")]
    public void ParseInPlace_Malformed_FormatExceptionNamingTheProblem(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => MessagePublishedData.ParseInPlace(Utf8(json)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<FormatException>(() => MessagePublishedData.Parse(Utf8(json))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseInPlace_SyntaxErrorAfterAFieldProblem_NamedAsNotJson()
    {
        // The whole body is read before a field problem is reported: a broken body is "not JSON", as with a parsed document.
        var e = Assert.Throws<FormatException>(() => MessagePublishedData.ParseInPlace(Utf8("""{"message":{"data":12},"x":""")));
        Assert.Contains("not JSON", e.Message, StringComparison.Ordinal);
    }
}

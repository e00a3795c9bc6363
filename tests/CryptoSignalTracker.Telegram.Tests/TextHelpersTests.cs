using CryptoSignalTracker.Telegram.Commands;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Security;

namespace CryptoSignalTracker.Telegram.Tests;

public class TextHelpersTests
{
    [Theory]
    [InlineData(104337.8, "104337.8")]
    [InlineData(106741.663, "106741.7")]
    [InlineData(2650.12, "2650.12")]
    [InlineData(150.1234, "150.1234")]
    [InlineData(0.5123, "0.5123")]
    [InlineData(0.000012345, "0.000012345")]
    [InlineData(0.0000121598325, "0.00001215983")]
    [InlineData(12345678.9, "12345679")]
    [InlineData(0, "0")]
    [InlineData(1e-14, "0")]
    [InlineData(-0.7, "-0.7")]
    [InlineData(double.NaN, "n/a")]
    [InlineData(double.PositiveInfinity, "n/a")]
    public void Price_AwkwardValues_PrintSensibly(double value, string expected)
    {
        Assert.Equal(expected, PriceText.Price(value));
    }

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(12 * 60, "12m")]
    [InlineData(83 * 60, "1h 23m")]
    [InlineData(52 * 3600, "2d 4h")]
    [InlineData(-5, "0s")]
    public void Duration_Spans_InWords(int seconds, string expected)
    {
        Assert.Equal(expected, PriceText.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData("a<b", 1, "…")]
    [InlineData("a<b", 5, "a…")]
    [InlineData("a<b", 8, "a&lt;b")]
    [InlineData("&&&", 6, "&amp;…")]
    [InlineData("x😀y", 3, "x…")]
    public void EscapeAndFit_Cut_NeverInsideAnEntityOrSurrogatePair(string text, int max, string expected)
    {
        Assert.Equal(expected, TelegramHtml.EscapeAndFit(text, max));
    }

    [Fact]
    public void FitLines_TooLong_CutsAtALineBreak()
    {
        var html = string.Join('\n', Enumerable.Range(0, 1000).Select(i => $"<b>line {i}</b>"));

        var fitted = TelegramHtml.FitLines(html, 200);

        Assert.True(fitted.Length <= 200);
        Assert.EndsWith("</b>\n…", fitted);
    }

    [Fact]
    public void WebhookSecret_SameValue_Matches()
    {
        Assert.True(WebhookSecret.Matches("s3cr3t_Token-1", "s3cr3t_Token-1"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3cr3t_Token-2")]
    [InlineData("s3cr3t_Token-1x")]
    [InlineData("S3CR3T_TOKEN-1")]
    public void WebhookSecret_MissingOrDifferent_DoesNotMatch(string? header)
    {
        Assert.False(WebhookSecret.Matches(header, "s3cr3t_Token-1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void WebhookSecret_InvalidConfiguredSecret_ThrowsWithoutEchoingIt(string secret)
    {
        var e = Assert.Throws<ArgumentException>(() => WebhookSecret.Matches("x", secret));

        Assert.Contains("webhook secret", e.Message);
        if (secret.Length > 0)
        {
            Assert.DoesNotContain(secret, e.Message);
        }
    }

    [Fact]
    public void WebhookSecret_Generate_GivesAValidUniqueSecret()
    {
        var a = WebhookSecret.Generate();
        var b = WebhookSecret.Generate();

        WebhookSecret.Validate(a);
        Assert.NotEqual(a, b);
        Assert.True(a.Length >= 40);
    }

    [Theory]
    [InlineData("/chart btc 60", "chart", "btc,60")]
    [InlineData("/Chart@CstTestBot BTC", "chart", "BTC")]
    [InlineData("/last", "last", "")]
    [InlineData("/stats   7d  ", "stats", "7d")]
    public void ParsedCommand_Commands_SplitIntoNameAndArgs(string text, string name, string args)
    {
        var c = ParsedCommand.TryParse(text, "CstTestBot");

        Assert.NotNull(c);
        Assert.Equal(name, c.Name);
        Assert.Equal(args, string.Join(',', c.Args));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("hello")]
    [InlineData("/")]
    [InlineData("/chart@OtherBot BTC")]
    [InlineData("/<script>")]
    public void ParsedCommand_NotForUs_ReturnsNull(string? text)
    {
        Assert.Null(ParsedCommand.TryParse(text, "CstTestBot"));
    }

    [Fact]
    public void SecretRedactor_TokenAndItsSecretHalf_AreMasked()
    {
        var r = new SecretRedactor("123:ABCDEFGHIJ_secret", "gemini-key-123456");

        var text = r.Redact("url /bot123:ABCDEFGHIJ_secret/sendMessage; half ABCDEFGHIJ_secret; key gemini-key-123456");

        Assert.Equal("url /bot***/sendMessage; half ***; key ***", text);
    }

    [Fact]
    public void UpdateParser_ValidUpdate_Parses()
    {
        Assert.True(UpdateParser.TryParse("""{"update_id":900,"message":{"message_id":5,"chat":{"id":42,"type":"private"},"date":1700000000,"text":"/status"}}""", out var update, out var error));
        Assert.Null(error);
        Assert.Equal(900, update!.Id);
        Assert.Equal("/status", update.Message!.Text);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("   ", "empty")]
    [InlineData("null", "JSON null")]
    [InlineData("{not json", "not a Telegram update")]
    [InlineData("""{"update_id":"abc"}""", "not a Telegram update")]
    public void UpdateParser_BadBody_FalseWithAClearError(string? body, string expected)
    {
        Assert.False(UpdateParser.TryParse(body, out var update, out var error));
        Assert.Null(update);
        Assert.Contains(expected, error);
    }
}

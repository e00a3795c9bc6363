using CryptoSignalTracker.Core.Data;

namespace CryptoSignalTracker.Core.Tests.Data;

public sealed class TimestampParserTests
{
    private const long May30At1639 = 1748623140000; // 2025-05-30T16:39:00Z

    [Theory]
    [InlineData("2025-05-30 16:39:00+00:00", May30At1639)]
    [InlineData("2025-05-30T16:39:00Z", May30At1639)]
    [InlineData("2025-05-30T16:39:00", May30At1639)]
    [InlineData("2025-05-30T16:39", May30At1639)]
    [InlineData("2025-05-30 16:39", May30At1639)]
    [InlineData("2025-05-30T18:39:00+02:00", May30At1639)]
    [InlineData("2025-05-30T18:39:00+0200", May30At1639)]
    [InlineData("2025-05-30T11:39:00-05", May30At1639)]
    [InlineData("2025-05-30T16:39:00.250Z", May30At1639 + 250)]
    [InlineData("2025-05-30T16:39:00.2509999Z", May30At1639 + 250)]
    [InlineData("  2025-05-30T16:39:00Z ", May30At1639)]
    [InlineData("2025-05-30", 1748563200000)]
    [InlineData("2017-01-03", 1483401600000)]
    [InlineData("1748623140", May30At1639)]
    [InlineData("1748623140.0647", May30At1639 + 64)]
    [InlineData("1748623140.9999", May30At1639 + 999)]
    [InlineData("1748623140000", May30At1639)]
    [InlineData("1748623140000.9", May30At1639)]
    [InlineData("1748623140000123", May30At1639)]
    [InlineData("1748623140000123456", May30At1639)]
    [InlineData("99999999999", 99999999999000)]
    [InlineData("100000000000", 100000000000)]
    public void TryParse_AcceptedForms_GiveUnixMilliseconds(string text, long expected)
    {
        Assert.True(TimestampParser.TryParse(text, out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2025-13-01")]
    [InlineData("2025-02-30")]
    [InlineData("2025-05-30T24:00:00Z")]
    [InlineData("2025-05-30T16:60")]
    [InlineData("2025-05-30T16:39:61Z")]
    [InlineData("2025-05-30T16:39:00.Z")]
    [InlineData("2025-05-30T16:39:00+25:00")]
    [InlineData("2025-05-30T16:39:00 UTC")]
    [InlineData("2025/05/30")]
    [InlineData("-1748623140")]
    [InlineData("1748623140.")]
    [InlineData("1.7e9")]
    [InlineData("17486231400000000000000")]
    public void TryParse_Nonsense_ReturnsFalse(string text) => Assert.False(TimestampParser.TryParse(text, out _));

    [Fact]
    public void Parse_Nonsense_ThrowsNamingTheText()
    {
        var ex = Assert.Throws<FormatException>(() => TimestampParser.Parse("soon"));
        Assert.Contains("'soon'", ex.Message, StringComparison.Ordinal);
    }
}

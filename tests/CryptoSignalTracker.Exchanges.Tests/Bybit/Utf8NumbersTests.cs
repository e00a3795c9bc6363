using System.Globalization;
using System.Text;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;

namespace CryptoSignalTracker.Exchanges.Tests.Bybit;

public sealed class Utf8NumbersTests
{
    [Theory]
    [InlineData("16578.50")]
    [InlineData("0.001")]
    [InlineData("60000")]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456789012")]
    [InlineData("28165.47000000")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("000.000100")]
    public void TryParseDecimal_PlainDecimals_EqualDoubleParse(string text)
    {
        Assert.True(Utf8Numbers.TryParseDecimal(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void TryParseDecimal_RandomPricesAndSizes_EqualDoubleParseBitForBit()
    {
        var random = new Random(3);
        for (var i = 0; i < 200_000; i++)
        {
            var text = Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-4, 7)), random.Next(0, 9)).ToString("F" + random.Next(0, 12), CultureInfo.InvariantCulture);
            Assert.True(Utf8Numbers.TryParseDecimal(Encoding.ASCII.GetBytes(text), out var value), text);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e5")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    public void TryParseDecimal_NotAPlainDecimal_ReturnsFalse(string text) =>
        Assert.False(Utf8Numbers.TryParseDecimal(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void TryParseUuid_RandomUuidsInEitherCase_EqualTradeIdParse()
    {
        var random = new Random(9);
        var bytes = new byte[16];
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(bytes);
            var text = new Guid(bytes).ToString("D");
            text = i % 2 == 0 ? text : text.ToUpperInvariant();
            Assert.True(Utf8Numbers.TryParseUuid(Encoding.ASCII.GetBytes(text), out var id));
            Assert.Equal(TradeId.Parse(text), id);
        }
    }

    [Theory]
    [InlineData("20f43950-d8dd-5b31-9112-a178eb6023a")]
    [InlineData("20f43950-d8dd-5b31-9112-a178eb6023afx")]
    [InlineData("20f43950d-8dd-5b31-9112-a178eb6023af")]
    [InlineData("20f43950-d8dd-5b31-9112-a178eb6023ag")]
    [InlineData("20f4395--d8dd-5b31-9112-a178eb6023af")]
    [InlineData("3535186032")]
    public void TryParseUuid_NotACanonicalUuid_ReturnsFalse(string text) =>
        Assert.False(Utf8Numbers.TryParseUuid(Encoding.ASCII.GetBytes(text), out _));
}

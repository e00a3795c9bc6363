using System.Globalization;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Data;

public sealed class TickSizesTests
{
    [Theory]
    [InlineData("BTCUSDT", 105164.24, "105164.2")]
    [InlineData("BTCUSDT", 105164.25, "105164.3")]
    [InlineData("ETHUSDT", 2650.1249, "2650.12")]
    [InlineData("SOLUSDT", 158.7156, "158.72")]
    [InlineData("XRPUSDT", 2.184449, "2.1844")]
    [InlineData("DOGEUSDT", 0.1701234, "0.17012")]
    [InlineData("SEIUSDT", 0.2712345, "0.2712")]
    [InlineData("LINKUSDT", 13.45678, "13.457")]
    [InlineData("SUIUSDT", 2.912349, "2.9123")]
    [InlineData("ADAUSDT", 0.5612345, "0.5612")]
    public void Round_EachBuiltInSymbol_RoundsToItsTickAndPrintsShortest(string symbol, double price, string expected)
    {
        var rounded = TickSizes.BuiltIn.Round(symbol, price);

        Assert.Equal(expected, WireNames.Number(rounded));
        Assert.Contains(symbol, Symbols.Default);
    }

    [Fact]
    public void Round_BuiltInTable_CoversExactlyTheNineSymbols()
    {
        Assert.All(Symbols.Default, s => Assert.NotNull(TickSizes.BuiltIn.TickSize(s)));
        Assert.Equal(9, Symbols.Default.Count);
    }

    [Theory]
    [InlineData("BTCUSDT")]
    [InlineData("ETHUSDT")]
    [InlineData("SOLUSDT")]
    [InlineData("ADAUSDT")]
    [InlineData("DOGEUSDT")]
    public void TickSize_SymbolsWithRealCandles_NoRealPriceHasMoreDecimalsThanTheTick(string symbol)
    {
        var path = DataFiles.Shared($"candles/bybit_linear_{symbol}_1m_2025-05-30_2025-06-29.csv");
        var decimals = TickSizes.BuiltIn.Decimals(symbol)!.Value;

        var most = File.ReadLines(path).Skip(1).SelectMany(l => l.Split(',')[1..5])
            .Max(v => decimal.Parse(v, CultureInfo.InvariantCulture).Scale);

        Assert.Equal(decimals, most);
    }

    [Theory]
    [InlineData("PEPEUSDT", 0.0000123456789)]
    [InlineData("BNBUSDT", 612.3456)]
    public void Round_UnknownSymbol_ReturnsThePriceUnchanged(string symbol, double price)
    {
        Assert.Null(TickSizes.BuiltIn.TickSize(symbol));
        Assert.Null(TickSizes.BuiltIn.Decimals(symbol));
        Assert.Equal(price, TickSizes.BuiltIn.Round(symbol, price));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e30)]
    public void Round_NotAPriceOrBeyondDecimalRange_ReturnsItUnchanged(double price)
    {
        Assert.Equal(price, TickSizes.BuiltIn.Round("BTCUSDT", price));
    }

    [Fact]
    public void Load_InstrumentsFile_OverridesAndExtendsTheBuiltInTable()
    {
        var dir = Directory.CreateTempSubdirectory("ticks-");
        try
        {
            var path = Path.Combine(dir.FullName, InstrumentsFile.FileName);
            InstrumentsFile.Merge(path, [new InstrumentSpec("SOLUSDT", 0.001, 0.1), new InstrumentSpec("PEPEUSDT", 0.0000001, 100)]);

            var ticks = TickSizes.Load(path);

            Assert.Equal("158.716", WireNames.Number(ticks.Round("SOLUSDT", 158.7156)));
            Assert.Equal(0.0000123, ticks.Round("PEPEUSDT", 0.0000123456789));
            Assert.Equal("105164.2", WireNames.Number(ticks.Round("BTCUSDT", 105164.24)));
            Assert.Same(TickSizes.BuiltIn, TickSizes.Load(null));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_BrokenInstrumentsFile_ThrowsNamingTheFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"instruments\":[{\"symbol\":\"SOLUSDT\",\"tickSize\":-1,\"qtyStep\":0.1}]}");

            var ex = Assert.ThrowsAny<FormatException>(() => TickSizes.Load(path));

            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

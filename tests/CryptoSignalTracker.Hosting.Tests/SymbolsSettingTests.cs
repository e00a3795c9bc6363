using Microsoft.Extensions.Configuration;

namespace CryptoSignalTracker.Hosting.Tests;

/// <summary>The one reader of <c>SYMBOLS</c>: the Ingestor, MacroEngine, LogicEngine and TelegramWebhook all read it here.</summary>
public sealed class SymbolsSettingTests
{
    private static IConfiguration With(string? symbols) =>
        new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>(SymbolsSetting.Key, symbols)]).Build();

    [Fact]
    public void Read_LowerCaseWithSpacesAndEmptyEntries_UpperCasedTrimmedInOrder()
    {
        Assert.Equal(["BTCUSDT", "SOLUSDT", "ETHUSDT"], SymbolsSetting.Read(With(" btcusdt ,SolUsdt,, ETHUSDT ")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Read_Unset_NullAndReadOrDefaultGivesTheNine(string? value)
    {
        Assert.Null(SymbolsSetting.Read(With(value)));
        Assert.Equal(Core.Domain.Symbols.Default, SymbolsSetting.ReadOrDefault(With(value)));
    }

    [Theory]
    [InlineData("BTCUSDT,BTC-USDT", "SYMBOLS: 'BTC-USDT' is not a symbol")]
    [InlineData("BTCUSDT,X", "SYMBOLS: 'X' is not a symbol")]
    [InlineData(",,", "SYMBOLS ',,' names no symbol")]
    public void Read_NotASymbol_ThrowsNamingTheKeyAndTheEntry(string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => SymbolsSetting.Read(With(value)));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}

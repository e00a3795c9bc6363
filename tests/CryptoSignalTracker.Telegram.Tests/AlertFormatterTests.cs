using System.Text;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests;

public class AlertFormatterTests
{
    private readonly AlertFormatter _formatter = new();

    [Fact]
    public void Entry_BtcLong_ShowsEveryFieldInTheOriginalFormat()
    {
        var text = _formatter.Entry(Samples.BtcLong(), null);

        Assert.StartsWith("📈 <b>LONG SIGNAL</b> for <code>BTCUSDT</code> · MICRO\n", text);
        Assert.Contains("Entry: <code>105164.2</code>", text);
        Assert.Contains("Take profit: <code>106741.7</code> (+1.50%)", text);
        Assert.Contains("Stop loss: <code>104428.1</code> (-0.70%)", text);
        Assert.Contains("Reward:risk: 2.14", text);
        Assert.Contains("Size: <code>0.0958</code> (≈ 10074.73 USDT)", text);
        Assert.Contains("Confidence: 72/100", text);
        Assert.Contains("Macro bias: none", text);
        Assert.Contains("<i>Trigger: RSI(14) 23.8 ≤ 25, volume 2.10× 20-candle average (&gt; 1.5×)</i>", text);
        Assert.Contains("<i>Strategy: v5.2-champion</i>", text);
        Assert.EndsWith("🕒 Candle 2025-06-01 16:39 UTC", text);
        HtmlCheck.AssertValid(text);
    }

    [Fact]
    public void Entry_SolPricesBetweenTicks_AreRoundedToTheTickSize()
    {
        var sol = Samples.BtcLong() with { Symbol = "SOLUSDT", Entry = 158.7156, TakeProfit = 161.0963340, StopLoss = 157.6045908 };

        var text = _formatter.Entry(sol, null);

        Assert.Contains("Entry: <code>158.72</code>", text);
        Assert.Contains("Take profit: <code>161.1</code>", text);
        Assert.Contains("Stop loss: <code>157.6</code>", text);
        Assert.Equal("158.72", _formatter.Price("SOLUSDT", 158.7156));
    }

    [Fact]
    public void Price_UnknownSymbol_KeepsSevenSignificantDigits()
    {
        Assert.Equal("612.3457", _formatter.Price("BNBUSDT", 612.34567));
        Assert.Equal("0.00001234568", _formatter.Price("PEPEUSDT", 0.0000123456789));
    }

    [Fact]
    public void Constructor_InstrumentsFileOverridesTheTable_AndAMissingOneIsRefusedByName()
    {
        var dir = Directory.CreateTempSubdirectory("alert-ticks-");
        try
        {
            var path = Path.Combine(dir.FullName, "instruments.json");
            Core.Data.InstrumentsFile.Merge(path, [new Core.Data.InstrumentSpec("SOLUSDT", 0.001, 0.1)]);

            Assert.Equal("158.716", new AlertFormatter(new AlertFormatOptions { InstrumentsFile = path }).Price("SOLUSDT", 158.7156));
            var missing = Path.Combine(dir.FullName, "nope.json");
            var ex = Assert.Throws<ArgumentException>(() => new AlertFormatter(new AlertFormatOptions { InstrumentsFile = missing }));
            Assert.Contains($"{missing} does not exist", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Entry_DecidedOnAFormingCandle_SaysSo()
    {
        var text = _formatter.Entry(Samples.BtcLong() with { Forming = true }, null);

        Assert.EndsWith("🕒 Candle 2025-06-01 16:39 UTC (still forming)", text);
    }

    [Fact]
    public void Entry_WithMacroBias_ShowsDirectionAndConfidence()
    {
        var bias = new MacroBias("BTCUSDT", Direction.Long, 84.6, 0, long.MaxValue, "note");

        var text = _formatter.Entry(Samples.BtcLong(), bias);

        Assert.Contains("Macro bias: LONG 85/100", text);
    }

    [Fact]
    public void Entry_TinyPricedShort_PrintsPricesWithoutExponent()
    {
        var text = _formatter.Entry(Samples.PepeShort(), null);

        Assert.StartsWith("📉 <b>SHORT SIGNAL</b> for <code>PEPEUSDT</code> · SWING", text);
        Assert.Contains("Entry: <code>0.000012345</code>", text);
        Assert.Contains("Take profit: <code>0.00001215983</code> (-1.50%)", text);
        Assert.Contains("Stop loss: <code>0.00001243141</code> (+0.70%)", text);
        Assert.DoesNotContain("E-", text);
        HtmlCheck.AssertValid(text);
    }

    [Fact]
    public void Entry_SymbolReasonAndStrategyWithHtmlCharacters_AreEscaped()
    {
        var signal = Samples.BtcLong(symbol: "A<B>&C", reason: "x < 5 && y > 7 \"quoted\" <b>bold?</b>") with { StrategyId = "s<1>&" };

        var text = _formatter.Entry(signal, null);

        Assert.Contains("<code>A&lt;B&gt;&amp;C</code>", text);
        Assert.Contains("x &lt; 5 &amp;&amp; y &gt; 7 &quot;quoted&quot; &lt;b&gt;bold?&lt;/b&gt;", text);
        Assert.Contains("Strategy: s&lt;1&gt;&amp;", text);
        HtmlCheck.AssertValid(text);
    }

    [Fact]
    public void Entry_HugeReason_IsCutSoEntryPlusExitFitsAndHtmlStaysValid()
    {
        var reason = string.Concat(Enumerable.Repeat("RSI<&>😀 ", 2000));
        var signal = Samples.BtcLong(reason: reason);

        var entry = _formatter.Entry(signal, null);
        var withExit = _formatter.WithExit(entry, Samples.TakeProfitExit(signal));

        Assert.True(entry.Length <= _formatter.MaxEntryLength, $"entry is {entry.Length}");
        Assert.True(withExit.Length <= TelegramLimits.MessageText, $"with exit is {withExit.Length}");
        Assert.Contains("…</i>", entry);
        HtmlCheck.AssertValid(entry);
        HtmlCheck.AssertValid(withExit);
        Assert.False(entry.Any(char.IsSurrogate) && !IsWellFormedUtf16(entry), "a surrogate pair was split");
    }

    [Fact]
    public void Entry_OverlongSymbol_IsCutToTheNameLimit()
    {
        var text = _formatter.Entry(Samples.BtcLong(symbol: new string('X', 500)), null);

        Assert.Contains("<code>" + new string('X', 39) + "…</code>", text);
    }

    [Fact]
    public void ExitBlock_TakeProfit_ShowsTickPriceReasonPnlInPercentAndRAndDuration()
    {
        var signal = Samples.BtcLong();
        var trade = Samples.TakeProfitExit(signal);

        var block = _formatter.ExitBlock(trade);

        Assert.StartsWith("\n\n✅ <b>EXIT LONG</b> <code>BTCUSDT</code>\n", block);
        Assert.Contains("Exit: <code>106741.7</code> · take-profit hit", block);
        Assert.Contains("PnL: +1.50% · +1.97 R (+139.12 USDT)", block);
        Assert.Contains("Held: 1h 23m (closed 2025-06-01 18:02 UTC)", block);
        HtmlCheck.AssertValid(block);
    }

    [Fact]
    public void ExitBlock_StopLoss_ShowsCrossAndNegativePnl()
    {
        var block = _formatter.ExitBlock(Samples.StopLossExit(Samples.PepeShort()));

        Assert.Contains("❌ <b>EXIT SHORT</b> <code>PEPEUSDT</code>", block);
        Assert.Contains("stop-loss hit", block);
        Assert.Contains("PnL: -0.70% · ", block);
        Assert.Contains("Held: 7m", block);
    }

    [Theory]
    [InlineData(ExitReason.TakeProfit, "take-profit hit")]
    [InlineData(ExitReason.StopLoss, "stop-loss hit")]
    [InlineData(ExitReason.Time, "time limit reached")]
    [InlineData(ExitReason.End, "data ended")]
    public void ReasonWords_EachExitReason_HasPlainWords(ExitReason reason, string words)
    {
        Assert.Equal(words, AlertFormatter.ReasonWords(reason));
    }

    [Fact]
    public void ChartKeyboard_OrdinaryId_CarriesTheSignalIdWithinSixtyFourBytes()
    {
        var signal = Samples.BtcLong();

        var button = AlertFormatter.ChartKeyboard(signal.Id).InlineKeyboard.Single().Single();

        Assert.Equal("📊 Chart", button.Text);
        Assert.Equal("c:" + signal.Id, button.CallbackData);
        Assert.True(Encoding.UTF8.GetByteCount(button.CallbackData!) <= TelegramLimits.CallbackData);
        Assert.Equal(signal.Id, SignalKeys.ParseChartCallback(button.CallbackData));
    }

    [Fact]
    public void ChartKeyboard_IdTooLongOrNotStoreSafe_IsShortenedDeterministically()
    {
        var longId = Signal.MakeId("VERYLONGSYMBOLNAMEUSDT", Samples.CandleMs, "a-strategy-with-a-really-long-identifier-v99");
        var odd = "BTC/USDT-1748795940-v5 2";

        var data1 = SignalKeys.ChartCallback(longId);
        var data2 = SignalKeys.ChartCallback(longId);
        var data3 = SignalKeys.ChartCallback(odd);

        Assert.Equal(data1, data2);
        Assert.True(Encoding.UTF8.GetByteCount(data1) <= TelegramLimits.CallbackData, data1);
        Assert.StartsWith("c:h-", data1);
        Assert.StartsWith("c:h-", data3);
        Assert.NotEqual(data1, data3);
        Assert.Equal(SignalKeys.Of(longId), SignalKeys.ParseChartCallback(data1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("r:BTC")]
    [InlineData("c:")]
    [InlineData("c:bad key with spaces")]
    public void ParseChartCallback_NotAChartCallback_ReturnsNull(string? data)
    {
        Assert.Null(SignalKeys.ParseChartCallback(data));
    }

    [Fact]
    public void ChartCaption_WithExit_StaysUnderTheCaptionLimitAndValid()
    {
        var signal = Samples.BtcLong();

        var caption = _formatter.ChartCaption(signal, Samples.TakeProfitExit(signal));

        Assert.True(caption.Length <= TelegramLimits.Caption);
        Assert.Contains("Entry <code>105164.2</code> · TP <code>106741.7</code> · SL <code>104428.1</code>", caption);
        Assert.Contains("✅ Exit <code>106741.7</code> take-profit hit, +1.50%", caption);
        HtmlCheck.AssertValid(caption);
    }

    [Fact]
    public void Options_ExitReserveTooSmall_ThrowsNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new AlertFormatter(new AlertFormatOptions { ExitReserve = 10 }));

        Assert.Contains("exit reserve", e.Message);
    }

    private static bool IsWellFormedUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}

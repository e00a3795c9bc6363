using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Tests.Backtesting;
using CryptoSignalTracker.Core.Validation;

namespace CryptoSignalTracker.Core.Tests.Validation;

/// <summary>
/// The candle reader asks the allocation-free <see cref="InputRules.IsCandle"/> first and <see cref="InputRules.Candle"/>
/// for the reason only when it says no: the two must agree on every candle, or a bad candle would slip through.
/// </summary>
public sealed class InputRulesCandleTests
{
    public static TheoryData<string> Breakages => new() { "none", "time 0", "time 3000", "open 0", "high NaN", "low -1", "close 1e10", "volume -1", "volume inf", "low above open", "high below close", "trades -2", "buy -1", "sell NaN+buy 1", "sell inf" };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void IsCandle_RealCandlesBrokenOneWay_AgreesWithCandleRule(string breakage)
    {
        foreach (var real in RealData.BtcAndSol.SelectMany(s => s.Candles).Where((_, i) => i % 997 == 0))
        {
            var c = Break(real, breakage);

            Assert.Equal(InputRules.Candle(c, "candle") is null, InputRules.IsCandle(c));
            Assert.Equal(breakage is "none" or "sell NaN+buy 1", InputRules.IsCandle(c));
        }
    }

    private static Candle Break(Candle c, string how) => how switch
    {
        "time 0" => c with { OpenTimeMs = 0 },
        "time 3000" => c with { OpenTimeMs = 32_503_680_000_000 },
        "open 0" => c with { Open = 0 },
        "high NaN" => c with { High = double.NaN },
        "low -1" => c with { Low = -1 },
        "close 1e10" => c with { Close = 1e10, High = 1e10 },
        "volume -1" => c with { Volume = -1 },
        "volume inf" => c with { Volume = double.PositiveInfinity },
        "low above open" => c with { Low = Math.Max(c.Open, c.Close) + 1, High = Math.Max(c.Open, c.Close) + 2 },
        "high below close" => c with { High = Math.Min(c.Open, c.Close) - 1e-6 },
        "trades -2" => c with { Trades = -2 },
        "buy -1" => c with { BuyVolume = -1 },
        "sell NaN+buy 1" => c with { BuyVolume = 1 },
        "sell inf" => c with { SellVolume = double.PositiveInfinity },
        _ => c,
    };
}

using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MacroFunction = CryptoSignalTracker.Functions.MacroEngine.Function;

namespace CryptoSignalTracker.Functions.Tests.MacroEngine;

/// <summary>The MacroEngine takes its rules' settings from the same trading configuration as the LogicEngine and the backtester.</summary>
public sealed class MacroEngineTradingConfigTests
{
    [Fact]
    public async Task Start_TradingConfigGiven_UsesItsMacroSection()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(MacroFunction), """--Logic:TradingConfig={"macro":{"enabled":true}}""", "--Macro:RsiPeriod=7");

        var options = rig.App.Services.GetRequiredService<MacroOptions>();

        Assert.Equal(new MacroOptions(), options);
    }

    [Fact]
    public async Task Start_BadTradingConfig_FailsNamingTheKeyAndTheProblem()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => FunctionRig.StartAsync(typeof(MacroFunction), """--Logic:TradingConfig={"macro":{"nonsense":1}}"""));

        Assert.Contains("Logic:TradingConfig", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("nonsense", error.ToString(), StringComparison.Ordinal);
    }
}

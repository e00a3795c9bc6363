using CryptoSignalTracker.Functions.MacroEngine;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.DependencyInjection;
using LogicFunction = CryptoSignalTracker.Functions.LogicEngine.Function;
using MacroFunction = CryptoSignalTracker.Functions.MacroEngine.Function;
using NotifierFunction = CryptoSignalTracker.Functions.Notifier.Function;

namespace CryptoSignalTracker.Functions.Tests;

/// <summary>
/// Settings go through the Hosting library's one path (<c>AddSettings</c>, validated on start) and <c>SYMBOLS</c>
/// through its one reader: a bad value stops the start naming the key; lower-case symbols are upper-cased.
/// </summary>
public sealed class StartupSettingsTests
{
    [Fact]
    public async Task Start_NotifierSendQueueOutOfRange_FailsAtStartNamingTheKey()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FunctionRig.StartAsync(typeof(NotifierFunction), "--Telegram:SendQueue:PerChatInterval=00:05:00"));

        Assert.Contains("Telegram:SendQueue", e.Message, StringComparison.Ordinal);
        Assert.Contains("PerChatInterval", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MacroEngineSymbolsNotASymbol_FailsAtStartNamingSymbols()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FunctionRig.StartAsync(typeof(MacroFunction), "--SYMBOLS=BTCUSDT,BTC-USDT"));

        Assert.Contains("SYMBOLS: 'BTC-USDT' is not a symbol", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MacroEngineSymbolsLowerCaseWithSpaces_UpperCasedAndTrimmed()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(MacroFunction), "--SYMBOLS= btcusdt , solusdt");

        Assert.Equal(["BTCUSDT", "SOLUSDT"], rig.App.Services.GetRequiredService<MacroEngineOptions>().Symbols);
    }

    [Fact]
    public async Task Start_LogicEngineSettings_BoundOnceAndResolvableByType()
    {
        await using var rig = await FunctionRig.StartAsync(
            typeof(LogicFunction), "--SYMBOLS= btcusdt , solusdt", "--Logic:BarrierWait=00:00:30", "--Logic:EvaluateForming=true", "--Logic:Lease:Duration=00:00:20");

        var options = rig.App.Services.GetRequiredService<LiveEngineOptions>();
        Assert.Equal(["BTCUSDT", "SOLUSDT"], options.Symbols);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BarrierWait);
        Assert.True(options.EvaluateForming);
        Assert.Equal(LiveEngineOptions.DefaultBarrierGraceMinutes, options.BarrierGraceMinutes);
        Assert.Equal(TimeSpan.FromSeconds(20), rig.App.Services.GetRequiredService<WriterLeaseOptions>().Duration);
    }

    [Fact]
    public async Task Start_LogicEngineNoSymbolsSetting_TradesTheDefaultNine()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction));

        Assert.Equal(Core.Domain.Symbols.Default, rig.App.Services.GetRequiredService<LiveEngineOptions>().Symbols);
    }

    [Fact]
    public async Task Start_LogicEngineBarrierGraceOutOfRange_FailsAtStartNamingTheKey()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FunctionRig.StartAsync(typeof(LogicFunction), "--Logic:BarrierGraceMinutes=0"));

        Assert.Contains("Logic:BarrierGraceMinutes must be 1..60, was 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LogicEngineLeaseDurationOutOfRange_FailsAtStartNamingTheKey()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FunctionRig.StartAsync(typeof(LogicFunction), "--Logic:Lease:Duration=00:30:00"));

        Assert.Contains("Logic:Lease:Duration must be 1 s..10 min", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MacroEngineMacroSectionInvalid_FailsAtStartNamingTheKey()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FunctionRig.StartAsync(typeof(MacroFunction), "--Macro:SlopePoints=1"));

        Assert.Contains("Macro: macro setting SlopePoints must be at least 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MacroEngineMacroSection_BoundAndResolvableByType()
    {
        await using var rig = await FunctionRig.StartAsync(typeof(MacroFunction), "--Macro:CooldownMinutes=30");

        Assert.Equal(30, rig.App.Services.GetRequiredService<Core.Macro.MacroOptions>().CooldownMinutes);
    }
}

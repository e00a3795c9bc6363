using CryptoSignalTracker.Functions.MacroEngine;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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
}

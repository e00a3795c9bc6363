using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;

namespace CryptoSignalTracker.Functions.LogicEngine;

/// <summary>Reads the LogicEngine's options: section <c>Logic</c>, symbols from <c>SYMBOLS</c> (the trading configuration: <see cref="Hosting.TradingConfiguration"/>).</summary>
public static class LogicEngineSettings
{
    /// <summary>The live options: <c>Logic:*</c>, with <c>SYMBOLS</c> (comma separated) when set.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static LiveEngineOptions Options(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LiveEngineOptions.Section);
        var options = new LiveEngineOptions
        {
            ResampleMacro = section.GetValue(nameof(LiveEngineOptions.ResampleMacro), new LiveEngineOptions().ResampleMacro),
            BarrierGraceMinutes = section.GetValue(nameof(LiveEngineOptions.BarrierGraceMinutes), LiveEngineOptions.DefaultBarrierGraceMinutes),
            BarrierWait = section.GetValue(nameof(LiveEngineOptions.BarrierWait), new LiveEngineOptions().BarrierWait),
            SwingIntentMaxAgeMinutes = section.GetValue(nameof(LiveEngineOptions.SwingIntentMaxAgeMinutes), new LiveEngineOptions().SwingIntentMaxAgeMinutes),
            EvaluateForming = section.GetValue(nameof(LiveEngineOptions.EvaluateForming), false),
        };
        if (SymbolsSetting.Read(configuration) is { } symbols)
        {
            options = options with { Symbols = symbols };
        }

        return options.Validate();
    }

    /// <summary>The single-writer lease: <c>Logic:Lease:Name</c>, <c>Logic:Lease:Duration</c> (defaults <c>logic-engine</c>, 30 s).</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static WriterLeaseOptions Lease(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(WriterLeaseOptions.Section);
        var defaults = new WriterLeaseOptions();
        return new WriterLeaseOptions
        {
            Name = section.GetValue(nameof(WriterLeaseOptions.Name), defaults.Name)!,
            Duration = section.GetValue(nameof(WriterLeaseOptions.Duration), defaults.Duration),
        }.Validate();
    }
}

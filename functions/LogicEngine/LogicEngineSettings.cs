using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Macro;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

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
            MacroWarmUp = section.GetValue(nameof(LiveEngineOptions.MacroWarmUp), new LiveEngineOptions().MacroWarmUp),
        };
        if (SymbolsSetting.Read(configuration) is { } symbols)
        {
            options = options with { Symbols = symbols };
        }

        return options.Validate();
    }

    /// <summary>
    /// Where a new deployment's macro warm-up comes from: Kraken (<c>Logic:KrakenUrl</c>, default the public API), else
    /// CryptoCompare (<c>Logic:CryptoCompareUrl</c>, key <c>CRYPTOCOMPARE_API_KEY</c> when set), each request limited to
    /// <c>Logic:WarmUpTimeout</c> (default 10 s); null when <c>Logic:MacroWarmUp</c> or <c>Logic:ResampleMacro</c> is off.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static IMacroHistorySource? MacroHistory(IConfiguration configuration, LiveEngineOptions options, ILogger<MacroCandleFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.ResampleMacro || !options.MacroWarmUp)
        {
            return null;
        }

        var section = configuration.GetSection(LiveEngineOptions.Section);
        var timeout = section.GetValue("WarmUpTimeout", TimeSpan.FromSeconds(10));
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Logic:WarmUpTimeout must be positive, was {timeout}");
        }

        return MacroCandleFeed.Create(Url(section, "KrakenUrl"), Url(section, "CryptoCompareUrl"), configuration["CRYPTOCOMPARE_API_KEY"], timeout, logger);
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

    private static Uri? Url(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ArgumentException($"Logic:{key} must be an http(s) URL, was '{text}'");
    }
}

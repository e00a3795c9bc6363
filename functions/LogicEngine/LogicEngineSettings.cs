using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Macro;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.LogicEngine;

/// <summary>
/// Registers the LogicEngine's options through the one settings path (<see cref="SettingsRegistration.AddSettings{T}"/>,
/// validated on start): section <c>Logic</c> with the symbols from <c>SYMBOLS</c> (<see cref="SymbolsSetting"/>), and
/// section <c>Logic:Lease</c>. The trading configuration is read by <see cref="TradingConfiguration"/>.
/// </summary>
public static class LogicEngineSettings
{
    /// <summary>Registers <see cref="LiveEngineOptions"/> (<c>Logic:*</c>, <c>SYMBOLS</c> when set) and <see cref="WriterLeaseOptions"/> (<c>Logic:Lease:*</c>).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The configuration to bind from.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddLogicEngineSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Bind into an empty list (binding appends to a list that already holds the defaults); SYMBOLS wins, else the default 9.
        services.Configure<LiveEngineOptions>(o => o.Symbols = []);
        services.AddSettings<LiveEngineOptions>(configuration, LiveEngineOptions.Section, o => o.Validate(), o => o.Symbols = SymbolsSetting.ReadOr(configuration, [.. o.Symbols]));
        services.AddSettings<WriterLeaseOptions>(configuration, WriterLeaseOptions.Section, o => o.Validate());
        return services;
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

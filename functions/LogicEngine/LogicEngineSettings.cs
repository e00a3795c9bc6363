using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
}

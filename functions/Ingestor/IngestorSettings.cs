using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>
/// Registers the Ingestor's options through the one settings path (<see cref="SettingsRegistration.AddSettings{T}"/>,
/// validated on start): section <c>Bybit</c> with the symbols from <c>SYMBOLS</c> (<see cref="SymbolsSetting"/>), and
/// section <c>Ingestor</c>. The function and <c>cst run</c> both call it.
/// </summary>
public static class IngestorSettings
{
    /// <summary>Registers <see cref="BybitStreamOptions"/> (<c>Bybit:*</c>, <c>SYMBOLS</c> when set) and <see cref="IngestorOptions"/> (<c>Ingestor:*</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration to bind from.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddIngestorSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Bind into an empty list (binding appends to a list that already holds the defaults); SYMBOLS wins, else the default 9.
        services.Configure<BybitStreamOptions>(o => o.Symbols = []);
        services.AddSettings<BybitStreamOptions>(configuration, BybitStreamOptions.Section, o => o.Validate(), o => o.Symbols = [.. SymbolsSetting.ReadOr(configuration, o.Symbols)]);
        services.AddSettings<IngestorOptions>(configuration, IngestorOptions.Section, o => o.Validate());
        return services;
    }
}

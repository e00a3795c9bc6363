using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Kraken;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>
/// The MacroEngine's services: the backend ports (bias store, bus, idempotency store), the Kraken client and the
/// <see cref="MacroRunner"/>. Settings: <c>SYMBOLS</c> (comma separated, default the 9), section
/// <see cref="MacroEngineOptions.Section"/> (<c>KrakenUrl</c>, <c>RequestTimeout</c>), section <c>Macro</c> (the
/// <see cref="MacroOptions"/> of the rules, defaults as in the backtest).
/// </summary>
public sealed class Startup : FunctionsStartup
{
    /// <summary>The section of the macro rules' options.</summary>
    public const string MacroSection = "Macro";

    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.Configuration;
        services.AddPipelineBackend(configuration);
        services.AddSingleton(_ =>
        {
            var options = new MacroEngineOptions();
            configuration.GetSection(MacroEngineOptions.Section).Bind(options);
            var symbols = configuration["SYMBOLS"];
            if (!string.IsNullOrWhiteSpace(symbols))
            {
                options.Symbols = [.. symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())];
            }

            return options.Validate();
        });
        services.AddSingleton(_ => configuration.GetSection(MacroSection).Get<MacroOptions>() ?? new MacroOptions());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<MacroEngineOptions>();
            return new KrakenOhlcClient(new HttpClient { Timeout = options.RequestTimeout }, options.KrakenUrl);
        });
        services.AddSingleton(sp => new MacroRunner(
            sp.GetRequiredService<KrakenOhlcClient>(),
            sp.GetRequiredService<IBiasStore>(),
            sp.GetRequiredService<IMessageBus>(),
            sp.GetRequiredService<IIdempotencyStore>(),
            sp.GetRequiredService<MacroOptions>(),
            sp.GetRequiredService<ILogger<MacroRunner>>()));
    }
}

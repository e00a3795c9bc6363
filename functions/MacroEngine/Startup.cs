using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.CryptoCompare;
using CryptoSignalTracker.Exchanges.Kraken;
using CryptoSignalTracker.Exchanges.Macro;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>
/// The MacroEngine's services: the backend ports (bias store, state store, bus), the Kraken and CryptoCompare clients,
/// the <see cref="MacroCandleFeed"/>, the <see cref="MacroCrossCheck"/> and the <see cref="MacroRunner"/>. Settings:
/// <c>SYMBOLS</c> (comma separated, default the 9), section <see cref="MacroEngineOptions.Section"/> (<c>Role</c>,
/// <c>KrakenUrl</c>, <c>CryptoCompareUrl</c>, <c>RequestTimeout</c>), <c>CRYPTOCOMPARE_API_KEY</c> (optional secret), section <c>Macro</c> (the
/// <see cref="MacroOptions"/> of the rules, defaults as in the backtest).
/// </summary>
public sealed class Startup : FunctionsStartup
{
    /// <summary>The section of the macro rules' options.</summary>
    public const string MacroSection = "Macro";

    /// <summary>The setting (environment variable) of the optional CryptoCompare API key.</summary>
    public const string CryptoCompareApiKeySetting = "CRYPTOCOMPARE_API_KEY";

    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.Configuration;
        services.AddPipelineBackend(configuration);
        services.AddStageHeartbeat(PipelineStages.MacroEngine);
        services.AddSettings<MacroEngineOptions>(configuration, MacroEngineOptions.Section, o => o.Validate(), options =>
        {
            if (SymbolsSetting.Read(configuration) is { } symbols)
            {
                options.Symbols = symbols;
            }

            var apiKey = configuration[CryptoCompareApiKeySetting];
            if (!string.IsNullOrWhiteSpace(apiKey))
            {
                options.CryptoCompareApiKey = apiKey;
            }
        });
        // The macro rules' settings: the trading configuration's macro section when one is given (the same JSON the
        // LogicEngine and `cst backtest --config` use), else section Macro. Read now: a bad one stops the start-up.
        if (TradingConfiguration.IsSet(configuration))
        {
            services.AddSingleton(TradingConfiguration.Read(configuration).Macro.Validate());
        }
        else
        {
            services.AddSettings<MacroOptions>(configuration, MacroSection, o => o.Validate());
        }

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<MacroEngineOptions>();
            return new KrakenOhlcClient(new HttpClient { Timeout = options.RequestTimeout }, options.KrakenUrl);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<MacroEngineOptions>();
            return new CryptoCompareOhlcClient(new HttpClient { Timeout = options.RequestTimeout }, options.CryptoCompareUrl, options.CryptoCompareApiKey);
        });
        services.AddSingleton(sp => new MacroCandleFeed(
            sp.GetRequiredService<KrakenOhlcClient>(),
            sp.GetRequiredService<CryptoCompareOhlcClient>(),
            sp.GetRequiredService<ILogger<MacroCandleFeed>>()));
        services.AddSingleton(sp => new MacroEnginePorts(
            sp.GetRequiredService<MacroCandleFeed>(),
            sp.GetRequiredService<IBiasStore>(),
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<IMessageBus>(),
            sp.GetRequiredService<MacroOptions>()));
        services.AddSingleton(sp => new MacroRunner(sp.GetRequiredService<MacroEnginePorts>(), sp.GetRequiredService<ILogger<MacroRunner>>()));
        services.AddSingleton(sp => new MacroCrossCheck(sp.GetRequiredService<MacroEnginePorts>(), sp.GetRequiredService<ILogger<MacroCrossCheck>>()));
    }
}

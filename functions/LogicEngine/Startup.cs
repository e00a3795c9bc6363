using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Exchanges.Macro;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.LogicEngine;

/// <summary>The LogicEngine's services: the backend ports and one <see cref="LeasedLiveEngine"/> per process (deciding only while it holds the single-writer lease), with the Kraken/CryptoCompare macro warm-up of a new deployment; bad events go to <c>candles-1m-dead-letter</c>.</summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.Configuration;
        services.AddPipelineBackend(configuration);
        services.AddStageHeartbeat(PipelineStages.LogicEngine);
        services.AddLogicEngineSettings(configuration);

        // Read (and so validate) the trading configuration now: a bad one is a start-up error.
        var trading = TradingConfiguration.Read(configuration);
        services.PostConfigure<HostingOptions>(o => o.DeadLetterTopic ??= PipelineTopics.Candles + "-dead-letter");
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<LiveEngineOptions>();
            // one warm-up source (and its HTTP clients) per process; used only by a new deployment's first minute
            var macroHistory = LogicEngineSettings.MacroHistory(configuration, options, sp.GetRequiredService<ILogger<MacroCandleFeed>>());
            return LiveEngineWiring.Create(sp, trading, options, sp.GetRequiredService<WriterLeaseOptions>(), macroHistory);
        });
    }
}

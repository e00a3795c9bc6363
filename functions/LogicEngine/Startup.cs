using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.LogicEngine;

/// <summary>The LogicEngine's services: the backend ports and one <see cref="LeasedLiveEngine"/> per process (deciding only while it holds the single-writer lease); bad events go to <c>candles-1m-dead-letter</c>.</summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.Configuration;
        services.AddPipelineBackend(configuration);
        services.AddLogicEngineSettings(configuration);

        // Read (and so validate) the trading configuration now: a bad one is a start-up error.
        var trading = TradingConfiguration.Read(configuration);
        services.PostConfigure<HostingOptions>(o => o.DeadLetterTopic ??= PipelineTopics.Candles + "-dead-letter");
        services.AddSingleton(sp => new LeasedLiveEngine(
            new WriterLease(sp.GetRequiredService<IWriterLeaseStore>(), sp.GetRequiredService<WriterLeaseOptions>(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<IStateStore>(),
            state => LiveEngineWiring.Create(sp, trading, sp.GetRequiredService<LiveEngineOptions>(), state),
            sp.GetRequiredService<ILogger<LeasedLiveEngine>>()));
    }
}

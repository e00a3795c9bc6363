using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>
/// The Ingestor's services: the backend's message bus, the Bybit stream (symbols from <c>SYMBOLS</c>, comma
/// separated, default the 9), the REST client for backfill, the <see cref="TradeIngestor"/> (also the health
/// check: stale data fails <c>/health</c>) and the background service that runs them.
/// </summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.Configuration;
        services.AddPipelineBackend(configuration);
        services.AddIngestorSettings(configuration);
        services.AddStageHeartbeat(PipelineStages.Ingestor, PipelineStages.RejectedTotal(PipelineStages.Ingestor));
        services.AddSingleton<BybitPublicTradeStream>();
        services.AddSingleton(sp => new BybitRestClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, new Uri(sp.GetRequiredService<BybitStreamOptions>().RestUrl)));
        services.AddSingleton(sp => new TradeIngestor(
            sp.GetRequiredService<BybitStreamOptions>().Symbols.ToList(), new StageHeartbeatBus(sp.GetRequiredService<IMessageBus>(), sp.GetRequiredService<StageHeartbeatRecorder>()), sp.GetRequiredService<BybitRestClient>(),
            sp.GetRequiredService<IngestorOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TradeIngestor>>()));
        services.AddSingleton<IFunctionHealthCheck>(sp => sp.GetRequiredService<TradeIngestor>());
        services.AddHostedService<IngestorService>();
    }
}

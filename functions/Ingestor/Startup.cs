using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
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
        // Bind into an empty list: binding appends to a list that already holds the defaults.
        var bybit = new BybitStreamOptions { Symbols = [] };
        configuration.GetSection(BybitStreamOptions.Section).Bind(bybit);
        var symbols = configuration["SYMBOLS"];
        if (!string.IsNullOrWhiteSpace(symbols))
        {
            bybit.Symbols = [.. symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        else if (bybit.Symbols.Count == 0)
        {
            bybit.Symbols = [.. Core.Domain.Symbols.Default];
        }

        bybit.Validate();
        var ingestor = new IngestorOptions();
        configuration.GetSection(IngestorOptions.Section).Bind(ingestor);
        ingestor.Validate();
        services.AddSingleton(bybit);
        services.AddSingleton(ingestor);
        services.AddSingleton(sp => new BybitPublicTradeStream(bybit, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BybitPublicTradeStream>>()));
        services.AddSingleton(_ => new BybitRestClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, new Uri(bybit.RestUrl)));
        services.AddSingleton(sp => new TradeIngestor(
            bybit.Symbols.ToList(), sp.GetRequiredService<IMessageBus>(), sp.GetRequiredService<BybitRestClient>(), ingestor,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TradeIngestor>>()));
        services.AddSingleton<IFunctionHealthCheck>(sp => sp.GetRequiredService<TradeIngestor>());
        services.AddHostedService<IngestorService>();
    }
}

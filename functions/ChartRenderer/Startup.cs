using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Functions.ChartRenderer;

/// <summary>The chart function's services: the backend ports (candle store, state store) and one renderer.</summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddPipelineBackend(context.Configuration);
        services.AddSingleton(_ => new CandleChartRenderer());
    }
}

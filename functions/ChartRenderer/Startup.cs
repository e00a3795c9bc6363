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
        // the RSI guides are the strategy's thresholds of the trading configuration the LogicEngine runs with
        var strategy = TradingConfiguration.Read(context.Configuration).Strategy;
        services.AddSingleton(_ => new CandleChartRenderer(new CandleChartOptions { Strategy = strategy }));
    }
}

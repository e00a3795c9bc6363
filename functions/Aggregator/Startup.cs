using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.Aggregator;

/// <summary>The Aggregator's services: the backend ports, its options, the <see cref="CandleAssembler"/>; bad messages go to <c>raw-tick-data-bybit-dead-letter</c>.</summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddPipelineBackend(context.Configuration);
        services.AddOptions<AggregatorOptions>().Bind(context.Configuration.GetSection(AggregatorOptions.Section));
        services.PostConfigure<HostingOptions>(o => o.DeadLetterTopic ??= PipelineTopics.RawTicksDeadLetter);
        services.AddSingleton(sp => new CandleAssembler(
            sp.GetRequiredService<ICandleStore>(),
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<IMessageBus>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AggregatorOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CandleAssembler>>()));
    }
}

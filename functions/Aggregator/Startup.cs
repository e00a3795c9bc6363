using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Functions.Aggregator;

/// <summary>The Aggregator's services: the backend ports, its options, the <see cref="CandleAssembler"/>; bad messages go to <c>raw-tick-data-bybit-dead-letter</c>.</summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddPipelineBackend(context.Configuration);
        services.AddSettings<AggregatorOptions>(context.Configuration, AggregatorOptions.Section, o => o.Validate());
        services.PostConfigure<HostingOptions>(o => o.DeadLetterTopic ??= PipelineTopics.RawTicksDeadLetter);
        services.AddStageHeartbeat(PipelineStages.Aggregator);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CandleAssembler>(
            sp, new StageHeartbeatBus(sp.GetRequiredService<IMessageBus>(), sp.GetRequiredService<StageHeartbeatRecorder>())));
    }
}

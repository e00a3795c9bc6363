using CryptoSignalTracker.Cli.Commands;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Functions.MacroEngine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>
/// Live <c>cst run</c>: the MacroEngine function's run (by default the cross-check against Kraken, CryptoCompare fallback,
/// and the bias republish; the macro itself is decided inside the LogicEngine on the Bybit candles), wired by the
/// function's own Startup on the same backend, run for every symbol every <c>--macro-every</c> minutes as Cloud
/// Scheduler would call it. Kraken being unreachable changes no decision.
/// </summary>
internal static class MacroLoop
{
    public static async Task Start(RunSettings settings, IReadOnlyList<string> symbols, LocalPipeline pipeline, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (settings.MacroEvery == 0)
        {
            return;
        }

        var values = new Dictionary<string, string?> { ["SYMBOLS"] = string.Join(",", symbols) };
        if (settings.KrakenUrl is not null)
        {
            values["MacroEngine:KrakenUrl"] = settings.KrakenUrl;
        }

        if (settings.CryptoCompareUrl is not null)
        {
            values["MacroEngine:CryptoCompareUrl"] = settings.CryptoCompareUrl;
        }

        var configuration = new ConfigurationBuilder().AddConfiguration(pipeline.Configuration).AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        new Startup().ConfigureServices(new WebHostBuilderContext { Configuration = configuration }, services);

        // The function's Startup registers a backend of its own; the last registration wins, so the runner uses this
        // pipeline's bus and stores (one SQLite pool, and its bias messages on the same in-process bus).
        services.AddSingleton(pipeline.Bus);
        services.AddSingleton(pipeline.Port<IBiasStore>());
        services.AddSingleton(pipeline.Port<IStateStore>());
        await using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<MacroRunner>();
        var crossCheck = provider.GetRequiredService<MacroCrossCheck>();
        var options = provider.GetRequiredService<MacroEngineOptions>();
        var logger = loggers.CreateLogger(typeof(MacroLoop));
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.MacroEvery));
        try
        {
            do
            {
                foreach (var symbol in symbols)
                {
                    var outcome = await Function.RunAsync(options, runner, crossCheck, symbol, cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("macro {Symbol}: {Status}", symbol, outcome.Status);
                    pipeline.Stage(Core.Health.PipelineStages.MacroEngine).Event(null);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}

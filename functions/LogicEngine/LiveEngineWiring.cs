using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.LogicEngine;

/// <summary>
/// The one place a <see cref="LiveEngine"/> is built on a backend's registered ports (candle store, bias store, position
/// book, bus, clock, logger): the LogicEngine function (under its lease) and <c>cst run</c> (in one process) both call it.
/// </summary>
public static class LiveEngineWiring
{
    /// <summary>A live engine on the ports registered in <paramref name="services"/>, keeping its checkpoint in <paramref name="state"/>.</summary>
    /// <param name="services">A provider with the backend's ports (<c>AddPipelineBackend</c>) and logging.</param>
    /// <param name="trading">The trading configuration (strategy, macro, risk).</param>
    /// <param name="options">How the engine runs.</param>
    /// <param name="state">The state store of the checkpoint (the lease-fenced one in the function).</param>
    /// <param name="published">Called after each ENTRY/EXIT is published (optional).</param>
    /// <returns>The engine.</returns>
    public static LiveEngine Create(
        IServiceProvider services,
        TradingConfig trading,
        LiveEngineOptions options,
        IStateStore state,
        Func<TradeSignalMessage, CancellationToken, Task>? published = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new LiveEngine(
            trading,
            options,
            new LivePorts(
                services.GetRequiredService<ICandleStore>(),
                state,
                services.GetRequiredService<IBiasStore>(),
                services.GetRequiredService<IPositionBook>(),
                services.GetRequiredService<IMessageBus>()),
            published,
            services.GetRequiredService<ILogger<LiveEngine>>(),
            services.GetRequiredService<TimeProvider>());
    }
}

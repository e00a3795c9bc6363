using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Macro;
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
    /// <summary>
    /// The live engine under the single-writer lease, on the ports registered in <paramref name="services"/>: the lease
    /// fences its state, position and bus writes (<see cref="LeasedLiveEngine"/>).
    /// </summary>
    /// <param name="services">A provider with the backend's ports (<c>AddPipelineBackend</c>), a clock and logging.</param>
    /// <param name="trading">The trading configuration (strategy, macro, risk).</param>
    /// <param name="options">How the engine runs.</param>
    /// <param name="lease">The lease's name and duration.</param>
    /// <param name="macroHistory">Where a new deployment's macro warm-up comes from (null: none).</param>
    /// <param name="published">Called after each ENTRY/EXIT is published (optional).</param>
    /// <returns>The engine.</returns>
    public static LeasedLiveEngine Create(
        IServiceProvider services,
        TradingConfig trading,
        LiveEngineOptions options,
        WriterLeaseOptions lease,
        IMacroHistorySource? macroHistory,
        Func<TradeSignalMessage, CancellationToken, Task>? published = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var time = services.GetRequiredService<TimeProvider>();
        return new LeasedLiveEngine(
            new WriterLease(services.GetRequiredService<IWriterLeaseStore>(), lease, time),
            new LivePorts(
                services.GetRequiredService<ICandleStore>(),
                services.GetRequiredService<IStateStore>(),
                services.GetRequiredService<IBiasStore>(),
                services.GetRequiredService<IPositionBook>(),
                services.GetRequiredService<IMessageBus>(),
                macroHistory),
            ports => new LiveEngine(trading, options, ports, published, services.GetRequiredService<ILogger<LiveEngine>>(), time),
            services.GetRequiredService<ILogger<LeasedLiveEngine>>());
    }
}

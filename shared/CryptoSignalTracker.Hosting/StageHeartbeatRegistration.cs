using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// A function's health record for the dashboard (docs/dashboard.md, "Health of each stage"): one
/// <see cref="StageHeartbeatRecorder"/> per process, writing to the backend's state store (Firestore in the cloud) at most
/// once per <see cref="StageHeartbeatRecorder.DefaultInterval"/>. The host counts the stage's dead letters
/// (<see cref="CloudEventDispatcher{TFunction, TData}"/>); the function records its events. Disposed (and so flushed) with
/// the host's services at shutdown. A failed write is logged at warning; the function's work goes on.
/// </summary>
public static class StageHeartbeatRegistration
{
    /// <summary>Registers the recorder of <paramref name="stage"/> (<see cref="PipelineStages"/>).</summary>
    /// <param name="services">The function's services (the backend's <see cref="IStateStore"/> must be registered).</param>
    /// <param name="stage">The stage the function is.</param>
    /// <param name="rejectedTotal">The process's running total of inputs this stage refused, if it counts them itself.</param>
    public static IServiceCollection AddStageHeartbeat(this IServiceCollection services, string stage, Func<long>? rejectedTotal = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StageHeartbeatRegistration).FullName!);
            return new StageHeartbeatRecorder(
                stage,
                new StageHealthStore(sp.GetRequiredService<IStateStore>()),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                e => logger.LogWarning("{Stage} heartbeat not written (the stage goes on): {Message}", stage, e.Message),
                StageHeartbeatRecorder.DefaultInterval,
                rejectedTotal: rejectedTotal);
        });
        return services;
    }
}

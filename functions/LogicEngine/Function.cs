using CryptoSignalTracker.Core.Health;
using CloudNative.CloudEvents;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.LogicEngine;

/// <summary>
/// The LogicEngine: a <c>candles-1m</c> delivery (push envelope or CloudEvent) handed to the <see cref="LiveEngine"/>,
/// which closes touched positions, runs V5.2 Champion with the macro filter and the risk rules, and publishes ENTRY
/// and EXIT messages to <c>trade-signals-micro</c>; a forming candle (the optional 15-second cadence) goes to
/// <see cref="LiveEngine.OnFormingAsync"/>, which ignores it unless <c>Logic:EvaluateForming</c> is on; a correction of a
/// minute already decided is logged and leaves the decision standing (<see cref="CandleEventRouter"/>). A malformed event or a candle of a symbol not traded here is
/// dead-lettered by the host with the reason; a store or bus failure answers 500 so Pub/Sub redelivers. Only the instance
/// holding the single-writer lease decides (<see cref="LeasedLiveEngine"/>); another answers 503 (retry later) until it holds it.
/// </summary>
[FunctionsStartup(typeof(Startup))]
public sealed class Function : ICloudEventFunction<MessagePublishedData>
{
    private readonly LeasedLiveEngine _engine;
    private readonly StageHeartbeatRecorder _health;
    private readonly ILogger<Function> _logger;

    /// <summary>Creates the function.</summary>
    public Function(LeasedLiveEngine engine, StageHeartbeatRecorder health, ILogger<Function> logger)
    {
        _engine = engine;
        _health = health;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="RetryLaterException">Another instance holds the single-writer lease (the host answers 503; Pub/Sub redelivers).</exception>
    public async Task HandleAsync(CloudEvent cloudEvent, MessagePublishedData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var closed = RawTickMessageCodec.DecodeCandle(data.Message.Data);
        try
        {
            await _engine.RouteAsync(closed.Symbol, closed.Candle, closed.Forming, closed.Correction, _logger, cancellationToken).ConfigureAwait(false);
            _health.Event(closed.Forming ? null : closed.Candle.OpenTimeMs + 60_000, closed.Correction);
        }
        catch (LeaseNotHeldException e)
        {
            throw new RetryLaterException(e.Message);
        }
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The LogicEngine as one of possibly several instances: an event is decided only while this instance holds the
/// single-writer lease (<see cref="WriterLease"/>); otherwise it is answered with <see cref="LeaseNotHeldException"/>,
/// which the function turns into a retryable answer. Each new holding starts from a fresh <see cref="LiveEngine"/>
/// (rebuilt from the stores, as another instance may have decided minutes meanwhile), whose writes are fenced: state
/// writes atomically (<see cref="FencedStateStore"/>: an instance that lost the lease mid-minute cannot move the
/// watermark), position writes and publishes by a fence check against the lease right before each
/// (<see cref="FencedPositionBook"/>, <see cref="FencedMessageBus"/>).
/// </summary>
public sealed class LeasedLiveEngine
{
    private readonly WriterLease _lease;
    private readonly Func<LivePorts, LiveEngine> _create;
    private readonly LivePorts _ports;
    private readonly ILogger<LeasedLiveEngine> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LiveEngine? _engine;
    private long _engineToken;

    /// <summary>Creates the instance.</summary>
    /// <param name="lease">This instance's holding of the lease.</param>
    /// <param name="ports">The stores and the bus (state store, position book and bus wrapped so their writes are fenced).</param>
    /// <param name="create">Makes a <see cref="LiveEngine"/> on the given (fenced) ports.</param>
    /// <param name="logger">Log sink.</param>
    public LeasedLiveEngine(WriterLease lease, LivePorts ports, Func<LivePorts, LiveEngine> create, ILogger<LeasedLiveEngine>? logger = null)
    {
        _lease = lease ?? throw new ArgumentNullException(nameof(lease));
        ArgumentNullException.ThrowIfNull(ports);
        _ports = ports with
        {
            State = new FencedStateStore(ports.State, lease),
            Positions = new FencedPositionBook(ports.Positions, lease),
            Bus = new FencedMessageBus(ports.Bus, lease),
        };
        _create = create ?? throw new ArgumentNullException(nameof(create));
        _logger = logger ?? NullLogger<LeasedLiveEngine>.Instance;
    }

    /// <summary>The engine of the current holding (null when this instance holds no lease).</summary>
    public LiveEngine? Engine => _engine;

    /// <summary>The current holding's engine's last decided minute (null when none, or when this instance holds no lease).</summary>
    public long? Watermark => _engine?.Watermark;

    /// <summary>The current holding's engine's paper account (null before its first candle, or when this instance holds no lease).</summary>
    public Core.Risk.Portfolio? Portfolio => _engine?.Portfolio;

    /// <inheritdoc cref="LiveEngine.OnCandleAsync"/>
    /// <exception cref="LeaseNotHeldException">Another instance holds the lease, or took it over meanwhile.</exception>
    public Task OnCandleAsync(string symbol, Candle candle, CancellationToken cancellationToken) =>
        RunAsync(e => e.OnCandleAsync(symbol, candle, cancellationToken), cancellationToken);

    /// <inheritdoc cref="LiveEngine.OnFormingAsync"/>
    /// <exception cref="LeaseNotHeldException">Another instance holds the lease.</exception>
    public Task OnFormingAsync(string symbol, Candle forming, CancellationToken cancellationToken) =>
        RunAsync(e => e.OnFormingAsync(symbol, forming, cancellationToken), cancellationToken);

    /// <summary>Routes one <c>candles-1m</c> event by its kind (<see cref="CandleEventRouter"/>) while holding the lease.</summary>
    /// <exception cref="LeaseNotHeldException">Another instance holds the lease, or took it over meanwhile.</exception>
    public Task RouteAsync(string symbol, Candle candle, bool forming, bool correction, ILogger logger, CancellationToken cancellationToken) =>
        RunAsync(e => CandleEventRouter.RouteAsync(e, symbol, candle, forming, correction, logger, cancellationToken), cancellationToken);

    /// <inheritdoc cref="LiveEngine.FlushAsync"/>
    /// <exception cref="LeaseNotHeldException">Another instance holds the lease.</exception>
    public Task FlushAsync(CancellationToken cancellationToken) => RunAsync(e => e.FlushAsync(cancellationToken), cancellationToken);

    /// <summary>Takes the lease now (a process that must be the only writer from its start, e.g. <c>cst run</c>).</summary>
    /// <exception cref="LeaseNotHeldException">Another instance holds it; the message says which lease.</exception>
    public Task AcquireAsync(CancellationToken cancellationToken) => RunAsync(_ => Task.CompletedTask, cancellationToken);

    /// <inheritdoc cref="LiveEngine.FinishAsync"/>
    /// <exception cref="LeaseNotHeldException">Another instance holds the lease.</exception>
    public Task FinishAsync(CancellationToken cancellationToken) => RunAsync(e => e.FinishAsync(cancellationToken), cancellationToken);

    /// <summary>Gives the lease up (a clean shutdown) so another instance takes over without waiting for it to expire.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _engine = null;
            await _lease.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RunAsync(Func<LiveEngine, Task> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long token;
            try
            {
                token = await _lease.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseNotHeldException)
            {
                _engine = null;
                throw;
            }

            if (_engine is null || token != _engineToken)
            {
                _logger.LogInformation("Holding the LogicEngine lease with token {Token}: the engine is rebuilt from the stores", token);
                _engine = _create(_ports);
                _engineToken = token;
            }

            try
            {
                await action(_engine).ConfigureAwait(false);
            }
            catch (LeaseNotHeldException e)
            {
                _logger.LogWarning("Lost the LogicEngine lease while deciding: {Reason}", e.Message);
                _engine = null;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}

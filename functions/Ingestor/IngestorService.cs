using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>
/// Runs the Bybit stream into the <see cref="TradeIngestor"/> and its flush loop for the life of the process, first
/// resuming after the candles already stored (<see cref="IngestorResume.ForFunctionAsync"/>: a restart leaves no
/// hole); on shutdown publishes every pending batch. A rejected subscription stops the process (it cannot heal).
/// </summary>
public sealed class IngestorService : BackgroundService
{
    private readonly BybitPublicTradeStream _stream;
    private readonly TradeIngestor _ingestor;
    private readonly IStateStore _state;
    private readonly ICandleStore _candles;
    private readonly IngestorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<IngestorService> _logger;

    /// <summary>Creates the service.</summary>
    public IngestorService(BybitPublicTradeStream stream, TradeIngestor ingestor, IStateStore state, ICandleStore candles, IngestorOptions options, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<IngestorService> logger)
    {
        _stream = stream;
        _ingestor = ingestor;
        _state = state;
        _candles = candles;
        _options = options;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host bind $PORT first; the connection starts after.
        await Task.Yield();
        _ingestor.ResumeFrom(await IngestorResume.ForFunctionAsync(_state, _candles, _stream.Symbols, _logger, stoppingToken).ConfigureAwait(false));
        _logger.LogInformation("Ingestor run {run} streaming {count} symbols", _ingestor.Run, _stream.Symbols.Count);
        var streaming = StreamAsync(stoppingToken);
        var flushing = FlushLoopAsync(stoppingToken);
        await Task.WhenAll(streaming, flushing).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _ingestor.FlushAsync(final: true, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Ingestor run {run} flushed its pending batches", _ingestor.Run);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "Ingestor run {run} could not flush its pending batches on shutdown", _ingestor.Run);
        }
    }

    private async Task StreamAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _stream.RunAsync(_ingestor, stoppingToken).ConfigureAwait(false);
        }
        catch (BybitSubscriptionException ex)
        {
            _logger.LogCritical("Stopping: {reason}", ex.Message);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
        }
    }

    private async Task FlushLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                // every BatchInterval, and at once when a minute closes or a correction waits
                await _ingestor.WaitForWorkAsync(_options.BatchInterval, stoppingToken).ConfigureAwait(false);
                try
                {
                    await _ingestor.FlushAsync(final: false, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "Publishing trade batches failed; retrying at the next tick");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _logger.LogDebug("Flush loop stopped");
        }
    }
}

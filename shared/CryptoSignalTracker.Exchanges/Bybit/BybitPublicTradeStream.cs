using System.Net.WebSockets;
using System.Text;
using CryptoSignalTracker.Core.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>
/// Bybit v5 public trade stream over <see cref="ClientWebSocket"/>: subscribes <c>publicTrade.{S}</c> for every
/// configured symbol, pings every <see cref="BybitStreamOptions.PingInterval"/>, reconnects (capped exponential
/// backoff with jitter) when the socket closes, fails, or stays quiet longer than
/// <see cref="BybitStreamOptions.QuietTimeout"/>, and re-subscribes. Trades go to an
/// <see cref="IBybitTradeObserver"/>; gaps (from disconnect to the next subscription) are reported to it so it
/// can backfill. A rejected subscription (<c>success:false</c>) is a hard error. Malformed frames are logged and skipped.
/// </summary>
public sealed class BybitPublicTradeStream
{
    private const int ReceiveBufferBytes = 64 * 1024;
    private const double JitterFraction = 0.2;
    private readonly BybitStreamOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BybitPublicTradeStream> _logger;
    private readonly BybitTradeFrameParser _parser = new();
    private readonly List<Trade> _trades = [];
    private int _connection;

    /// <summary>Creates the stream; <paramref name="options"/> are validated here (a malformed symbol is an error).</summary>
    public BybitPublicTradeStream(BybitStreamOptions options, TimeProvider? timeProvider = null, ILogger<BybitPublicTradeStream>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<BybitPublicTradeStream>.Instance;
    }

    /// <summary>The subscribed symbols.</summary>
    public IReadOnlyList<string> Symbols => [.. _options.Symbols];

    /// <summary>Connections opened so far.</summary>
    public int Connections => Volatile.Read(ref _connection);

    /// <summary>Streams until <paramref name="cancellationToken"/> is cancelled (then returns normally).</summary>
    /// <exception cref="BybitSubscriptionException">Bybit rejected the subscription.</exception>
    public async Task RunAsync(IBybitTradeObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var connection = Interlocked.Increment(ref _connection);
            string reason;
            var subscribed = false;
            try
            {
                using var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                await ConnectAsync(socket, cancellationToken).ConfigureAwait(false);
                reason = await StreamAsync(socket, connection, observer, () =>
                {
                    subscribed = true;
                    failures = 0;
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (subscribed)
                {
                    observer.OnDisconnected(connection, "stopping", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                }

                return;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or TimeoutException or HttpRequestException)
            {
                reason = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (subscribed)
            {
                observer.OnDisconnected(connection, reason, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            }

            var delay = Backoff(failures++);
            _logger.LogWarning("Bybit connection {connection} lost ({reason}); reconnecting in {delay_ms} ms", connection, reason, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The reconnect delay after <paramref name="failures"/> failed attempts in a row: initial × 2^failures, capped, ±20 % jitter.</summary>
    public TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures, 30);
        var baseMs = Math.Min(_options.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent), _options.MaxBackoff.TotalMilliseconds);
        var jitter = 1 + (((Random.Shared.NextDouble() * 2) - 1) * JitterFraction);
        return TimeSpan.FromMilliseconds(Math.Min(baseMs * jitter, _options.MaxBackoff.TotalMilliseconds));
    }

    private async Task ConnectAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(new Uri(_options.Url), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"connecting to {_options.Url} took longer than {_options.ConnectTimeout}");
        }
    }

    private async Task<string> StreamAsync(ClientWebSocket socket, int connection, IBybitTradeObserver observer, Action onSubscribed, CancellationToken cancellationToken)
    {
        using var sendLock = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var topics = string.Join(",", _options.Symbols.Select(s => $"\"publicTrade.{s}\""));
        await SendAsync(socket, sendLock, $"{{\"req_id\":\"sub-{connection}\",\"op\":\"subscribe\",\"args\":[{topics}]}}", stop.Token).ConfigureAwait(false);
        var pinger = PingAsync(socket, sendLock, connection, stop.Token);
        var subscribeDeadline = _timeProvider.GetUtcNow() + _options.ConnectTimeout;
        var subscribed = false;
        var buffer = new byte[ReceiveBufferBytes];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var quiet = subscribed ? _options.QuietTimeout : subscribeDeadline - _timeProvider.GetUtcNow();
                if (quiet <= TimeSpan.Zero)
                {
                    return $"no subscribe acknowledgement within {_options.ConnectTimeout}";
                }

                using var watchdog = new CancellationTokenSource(quiet, _timeProvider);
                using var receive = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, watchdog.Token);
                message.SetLength(0);
                WebSocketReceiveResult result;
                try
                {
                    do
                    {
                        result = await socket.ReceiveAsync(buffer, receive.Token).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            return $"server closed the socket ({result.CloseStatus} {result.CloseStatusDescription})";
                        }

                        message.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);
                }
                catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    return subscribed
                        ? $"nothing received for {_options.QuietTimeout} (watchdog)"
                        : $"no subscribe acknowledgement within {_options.ConnectTimeout}";
                }

                var frame = _parser.Parse(message.GetBuffer().AsSpan(0, (int)message.Length), _trades);
                switch (frame.Kind)
                {
                    case BybitFrameKind.Trades:
                        if (frame.Rejected > 0)
                        {
                            Core.Validation.Rejections.Record(Core.Validation.Rejections.BybitFrame, frame.Rejected);
                            _logger.LogWarning("Rejected {count} trade(s) of a Bybit frame on connection {connection}, kept {kept}: {reason}", frame.Rejected, connection, frame.TradeCount, frame.Detail);
                        }

                        if (_trades.Count > 0)
                        {
                            observer.OnTrades(_trades.ToArray(), _trades[^1].TimeMs);
                        }

                        _trades.Clear();
                        break;
                    case BybitFrameKind.SubscribeAck when !subscribed:
                        subscribed = true;
                        onSubscribed();
                        _logger.LogInformation("Bybit connection {connection} subscribed to {count} symbols", connection, _options.Symbols.Count);
                        observer.OnSubscribed(connection, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                        break;
                    case BybitFrameKind.SubscribeRejected:
                        throw new BybitSubscriptionException($"Bybit rejected the subscription to {string.Join(",", _options.Symbols)}: {frame.Detail}");
                    case BybitFrameKind.Malformed:
                        _logger.LogWarning("Skipped a malformed Bybit frame on connection {connection}: {reason}", connection, frame.Detail);
                        break;
                    default:
                        break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pinger.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                _logger.LogDebug("Ping loop of connection {connection} ended: {reason}", connection, ex.Message);
            }
        }
    }

    private async Task PingAsync(ClientWebSocket socket, SemaphoreSlim sendLock, int connection, CancellationToken cancellationToken)
    {
        var n = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.PingInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            await SendAsync(socket, sendLock, $"{{\"req_id\":\"ping-{connection}-{++n}\",\"op\":\"ping\"}}", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SendAsync(ClientWebSocket socket, SemaphoreSlim sendLock, string text, CancellationToken cancellationToken)
    {
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sendLock.Release();
        }
    }
}

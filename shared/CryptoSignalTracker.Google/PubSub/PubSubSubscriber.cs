using System.Threading.Channels;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Google.PubSub;

/// <summary>
/// Receives one subscription over StreamingPull and runs a handler per message. A handler that returns acks its
/// message; one that throws nacks it (ModifyAckDeadline 0, so Pub/Sub redelivers it). While a handler runs, the
/// message's lease is extended every half <see cref="Settings.AckDeadline"/>. Flow control caps outstanding
/// messages and bytes. Messages sharing an ordering key are handled one at a time, in arrival order.
/// A stream the server ends or breaks (UNAVAILABLE, CANCELLED, INTERNAL, ...) is re-opened with backoff;
/// a permanent error (NOT_FOUND, PERMISSION_DENIED, INVALID_ARGUMENT, ...) stops the subscriber and faults
/// <see cref="Completion"/>.
/// </summary>
public sealed partial class PubSubSubscriber : IAsyncDisposable
{
    private readonly Subscriber.SubscriberClient _client;
    private readonly Func<ReceivedMessage, CancellationToken, Task> _handler;
    private readonly Settings _settings;
    private readonly GoogleRpcCaller _caller;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PubSubSubscriber> _logger;
    private readonly Metadata _routing;
    private readonly FlowGate _flow;
    private readonly string _clientId = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<AckAction> _acks = Channel.CreateUnbounded<AckAction>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, DateTimeOffset> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _keyTails = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _handlers = [];
    private readonly HashSet<string> _failedKeys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Task _receiveLoop = Task.CompletedTask;
    private Task _leaseLoop = Task.CompletedTask;
    private Task _ackLoop = Task.CompletedTask;
    private int _started;

    /// <summary>Creates a subscriber for <paramref name="subscriptionName"/> ("projects/{p}/subscriptions/{s}"); call <see cref="Start"/>.</summary>
    public PubSubSubscriber(
        Subscriber.SubscriberClient client,
        string subscriptionName,
        Func<ReceivedMessage, CancellationToken, Task> handler,
        Settings? settings = null,
        TimeProvider? timeProvider = null,
        ILogger<PubSubSubscriber>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionName);
        ArgumentNullException.ThrowIfNull(handler);
        _client = client;
        SubscriptionName = subscriptionName;
        _handler = handler;
        _settings = settings ?? Settings.Default;
        _settings.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PubSubSubscriber>.Instance;
        _caller = new GoogleRpcCaller(_settings.CallSettings, _timeProvider);
        _routing = GoogleRequestParams.Create(("subscription", subscriptionName));
        _flow = new FlowGate(_settings.MaxOutstandingMessages, _settings.MaxOutstandingBytes);
    }

    /// <summary>The full subscription name.</summary>
    public string SubscriptionName { get; }

    /// <summary>Completes when the subscriber stops: normally after <see cref="DisposeAsync"/>, faulted on a permanent error.</summary>
    public Task Completion => _receiveLoop;

    /// <summary>Number of times a stream was (re)opened; 1 after the first connection.</summary>
    public int StreamsOpened { get; private set; }

    /// <summary>Starts receiving in the background.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"The subscriber for {SubscriptionName} is already started.");
        }

        _ackLoop = Task.Run(AckLoopAsync);
        _leaseLoop = Task.Run(LeaseLoopAsync);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Stops receiving, waits for running handlers, sends their acks/nacks, and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // Already reported through Completion and the log.
        }

        Task[] running;
        lock (_gate)
        {
            running = [.. _handlers];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        await _leaseLoop.ConfigureAwait(false);
        _acks.Writer.TryComplete();
        await _ackLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static bool IsReconnectable(StatusCode code) => code is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.DeadlineExceeded
        or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.Aborted;

    private async Task ReceiveLoopAsync()
    {
        var token = _stop.Token;
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var call = _client.StreamingPull(_routing, cancellationToken: token);
                var first = new StreamingPullRequest
                {
                    Subscription = SubscriptionName,
                    StreamAckDeadlineSeconds = (int)_settings.AckDeadline.TotalSeconds,
                    ClientId = _clientId,
                    MaxOutstandingMessages = _settings.MaxOutstandingMessages,
                    MaxOutstandingBytes = _settings.MaxOutstandingBytes,
                };
                await call.RequestStream.WriteAsync(first, token).ConfigureAwait(false);
                StreamsOpened++;
                LogStreamOpened(SubscriptionName, StreamsOpened);
                while (await call.ResponseStream.MoveNext(token).ConfigureAwait(false))
                {
                    failures = 0;
                    foreach (var received in call.ResponseStream.Current.ReceivedMessages)
                    {
                        await DispatchAsync(received, token).ConfigureAwait(false);
                    }
                }

                LogStreamEnded(SubscriptionName);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RpcException { StatusCode: var code } && IsReconnectable(code) || ex is IOException)
            {
                // Grpc.Net.Client surfaces a connection that fails while the request stream is written (e.g. the
                // server dies mid-handshake) as a raw IOException, not an RpcException: the same broken transport.
                failures++;
                var delay = ReconnectDelay(failures);
                LogReconnecting(ex, SubscriptionName, ex is RpcException rpc ? rpc.StatusCode : StatusCode.Unavailable, delay);
                try
                {
                    await Task.Delay(delay, _timeProvider, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            catch (RpcException ex)
            {
                LogStopped(ex, SubscriptionName, ex.StatusCode);
                throw new RpcException(new Status(ex.StatusCode, $"StreamingPull on {SubscriptionName} failed: {ex.Status.Detail}", ex), ex.Trailers);
            }
        }
    }

    private TimeSpan ReconnectDelay(int failures)
    {
        var exponential = _settings.ReconnectMinBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, _settings.ReconnectMaxBackoff.Ticks);
        // Full jitter in [capped/2, capped] keeps many clients from reconnecting in lock-step.
        return TimeSpan.FromTicks((long)(capped / 2 + Random.Shared.NextDouble() * capped / 2));
    }

    private async Task DispatchAsync(ReceivedMessage received, CancellationToken token)
    {
        var size = received.Message?.Data.Length ?? 0;
        try
        {
            await _flow.AcquireAsync(size, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down before the handler got it: hand it straight back for redelivery.
            _acks.Writer.TryWrite(new AckAction(received.AckId, 0));
            throw;
        }

        lock (_gate)
        {
            _leases[received.AckId] = _timeProvider.GetUtcNow();
            var key = received.Message?.OrderingKey ?? string.Empty;
            Task task;
            if (key.Length == 0)
            {
                task = Task.Run(() => HandleAsync(received, size), CancellationToken.None);
            }
            else
            {
                var tail = _keyTails.GetValueOrDefault(key) ?? Task.CompletedTask;
                task = RunAfterAsync(tail, received, size);
                _keyTails[key] = task;
                _ = task.ContinueWith(
                    t =>
                    {
                        lock (_gate)
                        {
                            if (_keyTails.TryGetValue(key, out var current) && current == t)
                            {
                                _keyTails.Remove(key);
                                _failedKeys.Remove(key);
                            }
                        }
                    },
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            _handlers.Add(task);
            _ = task.ContinueWith(
                t =>
                {
                    lock (_gate)
                    {
                        _handlers.Remove(t);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunAfterAsync(Task previous, ReceivedMessage received, int size)
    {
        await previous.ConfigureAwait(false);
        bool skip;
        lock (_gate)
        {
            skip = _failedKeys.Contains(received.Message.OrderingKey);
        }

        if (skip)
        {
            // An earlier message with this key failed and Pub/Sub will redeliver it and everything after it;
            // handling this one now would run the key out of order, so hand it back too.
            Settle(received, size, acked: false);
            return;
        }

        if (!await HandleAsync(received, size).ConfigureAwait(false))
        {
            lock (_gate)
            {
                _failedKeys.Add(received.Message.OrderingKey);
            }
        }
    }

    private async Task<bool> HandleAsync(ReceivedMessage received, int size)
    {
        var acked = false;
        try
        {
            await _handler(received, _stop.Token).ConfigureAwait(false);
            acked = true;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, SubscriptionName, received.Message?.MessageId ?? string.Empty, received.DeliveryAttempt);
        }
        finally
        {
            Settle(received, size, acked);
        }

        return acked;
    }

    private void Settle(ReceivedMessage received, int size, bool acked)
    {
        lock (_gate)
        {
            _leases.Remove(received.AckId);
        }

        _acks.Writer.TryWrite(new AckAction(received.AckId, acked ? null : 0));
        _flow.Release(size);
    }

    private async Task LeaseLoopAsync()
    {
        var interval = _settings.AckDeadline / 2;
        var seconds = (int)_settings.AckDeadline.TotalSeconds;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _timeProvider, _stop.Token).ConfigureAwait(false);
                var now = _timeProvider.GetUtcNow();
                lock (_gate)
                {
                    foreach (var (ackId, receivedAt) in _leases)
                    {
                        if (now - receivedAt < _settings.MaxLeaseExtension)
                        {
                            _acks.Writer.TryWrite(new AckAction(ackId, seconds));
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task AckLoopAsync()
    {
        var reader = _acks.Reader;
        var acks = new List<string>();
        var modacks = new Dictionary<int, List<string>>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            acks.Clear();
            modacks.Clear();
            var count = 0;
            while (count < Settings.MaxAckIdsPerRequest && reader.TryRead(out var action))
            {
                count++;
                if (action.DeadlineSeconds is { } deadline)
                {
                    if (!modacks.TryGetValue(deadline, out var ids))
                    {
                        modacks[deadline] = ids = [];
                    }

                    ids.Add(action.AckId);
                }
                else
                {
                    acks.Add(action.AckId);
                }
            }

            if (acks.Count > 0)
            {
                var request = new AcknowledgeRequest { Subscription = SubscriptionName };
                request.AckIds.AddRange(acks);
                await SendAckCallAsync(o => _client.AcknowledgeAsync(request, o).ResponseAsync, "Acknowledge", acks.Count).ConfigureAwait(false);
            }

            foreach (var (deadline, ids) in modacks)
            {
                var request = new ModifyAckDeadlineRequest { Subscription = SubscriptionName, AckDeadlineSeconds = deadline };
                request.AckIds.AddRange(ids);
                await SendAckCallAsync(o => _client.ModifyAckDeadlineAsync(request, o).ResponseAsync, "ModifyAckDeadline", ids.Count).ConfigureAwait(false);
            }
        }
    }

    private async Task SendAckCallAsync(Func<CallOptions, Task<global::Google.Protobuf.WellKnownTypes.Empty>> call, string method, int count)
    {
        try
        {
            await _caller.CallAsync(call, _routing, CallIdempotency.Idempotent, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // At-least-once: a lost ack or nack only means the message comes back after its deadline.
            LogAckFailed(ex, method, count, SubscriptionName);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "StreamingPull on {Subscription} opened (stream {Count})")]
    private partial void LogStreamOpened(string subscription, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "StreamingPull on {Subscription} was closed by the server; re-opening")]
    private partial void LogStreamEnded(string subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "StreamingPull on {Subscription} broke with {Status}; reconnecting in {Delay}")]
    private partial void LogReconnecting(Exception error, string subscription, StatusCode status, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "StreamingPull on {Subscription} failed permanently with {Status}; subscriber stopped")]
    private partial void LogStopped(Exception error, string subscription, StatusCode status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler failed on {Subscription} message {MessageId} (delivery attempt {Attempt}); nacked")]
    private partial void LogHandlerFailed(Exception error, string subscription, string messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} of {Count} ack id(s) on {Subscription} failed; Pub/Sub will redeliver after the deadline")]
    private partial void LogAckFailed(Exception error, string method, int count, string subscription);

    /// <summary>An ack (<see cref="DeadlineSeconds"/> null) or a deadline change (0 = nack).</summary>
    private readonly record struct AckAction(string AckId, int? DeadlineSeconds);
}

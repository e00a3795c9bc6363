using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Protos.PubSub;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Google.PubSub;

/// <summary>
/// Publishes to one topic in batches (see <see cref="Settings"/>). Messages with the same ordering key are sent in
/// publish order with at most one batch in flight per key. If a keyed batch fails, every message queued behind it on
/// that key fails too, and the key is paused: later publishes on it throw <see cref="OrderingKeyPausedException"/> at
/// once, without being sent, until <see cref="ResumePublish"/> — so a newer message never overtakes the failed one's
/// retry (google-cloud-dotnet's <c>PublisherClient</c> behaves the same). Unkeyed messages are never paused.
/// <see cref="DisposeAsync"/> sends everything still waiting and waits for it, at most
/// <see cref="Settings.ShutdownTimeout"/>; what is not published by then fails with a <see cref="TimeoutException"/>:
/// nothing accepted is dropped silently.
/// </summary>
public sealed partial class PubSubPublisher : IAsyncDisposable
{
    // Bytes a message adds to a PublishRequest beyond its own size: field tag + length prefix (upper bound).
    private const int PerMessageOverheadBytes = 6;

    // How often (in started sends) finished send tasks are pruned from the tracking set.
    private const int PruneSendsEvery = 64;

    private readonly Publisher.PublisherClient _client;
    private readonly Settings _settings;
    private readonly GoogleRpcCaller _caller;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PubSubPublisher> _logger;
    private readonly Metadata _routing;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyLane> _lanes = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _sending = [];
    private readonly Dictionary<string, Exception> _paused = new(StringComparer.Ordinal);
    private readonly HashSet<Batch> _unsettled = [];
    private Batch? _open;
    private bool _closed;

    /// <summary>Creates a publisher for <paramref name="topicName"/> ("projects/{p}/topics/{t}"); settings are validated here.</summary>
    public PubSubPublisher(
        Publisher.PublisherClient client,
        string topicName,
        Settings? settings = null,
        TimeProvider? timeProvider = null,
        ILogger<PubSubPublisher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(topicName);
        _client = client;
        TopicName = topicName;
        _settings = settings ?? Settings.Default;
        _settings.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PubSubPublisher>.Instance;
        _caller = new GoogleRpcCaller(_settings.CallSettings, _timeProvider);
        _routing = GoogleRequestParams.Create(("topic", topicName));
    }

    /// <summary>The full topic name.</summary>
    public string TopicName { get; }

    /// <summary>Queues a message; completes with its server message id once its batch is published.</summary>
    /// <exception cref="ArgumentException">The message is empty or larger than the API allows.</exception>
    /// <exception cref="ObjectDisposedException">The publisher is shut down.</exception>
    /// <exception cref="OrderingKeyPausedException">The message's ordering key is paused by an earlier failure (see <see cref="ResumePublish"/>).</exception>
    /// <exception cref="RpcException">(from the task) the publish request failed, e.g. NOT_FOUND for a missing topic.</exception>
    /// <exception cref="TimeoutException">(from the task) the publisher was disposed and <see cref="Settings.ShutdownTimeout"/> passed before the message was published.</exception>
    public Task<string> PublishAsync(PubsubMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Data.IsEmpty && message.Attributes.Count == 0)
        {
            throw new ArgumentException("A Pub/Sub message needs non-empty data or at least one attribute.", nameof(message));
        }

        var size = RequestBytes(message);
        if (size > Settings.ApiMaxByteCount)
        {
            throw new ArgumentException($"The message is {size} bytes; Pub/Sub accepts at most {Settings.ApiMaxByteCount} bytes per request.", nameof(message));
        }

        var completion = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var key = message.OrderingKey;
            if (key.Length > 0 && _paused.TryGetValue(key, out var failure))
            {
                throw new OrderingKeyPausedException(TopicName, key, failure);
            }

            KeyLane? lane = null;
            Batch? batch;
            if (key.Length == 0)
            {
                batch = _open;
            }
            else
            {
                if (!_lanes.TryGetValue(key, out lane))
                {
                    lane = new KeyLane(key);
                    _lanes.Add(key, lane);
                }

                batch = lane.Open;
            }

            if (batch is not null && batch.Bytes + size > _settings.ByteCountThreshold)
            {
                CloseLocked(batch);
                batch = null;
            }

            if (batch is null)
            {
                batch = new Batch(lane);
                _unsettled.Add(batch);
                if (lane is null)
                {
                    _open = batch;
                }
                else
                {
                    lane.Open = batch;
                }
            }

            batch.Add(message, completion, size);
            if (batch.Messages.Count >= _settings.ElementCountThreshold || batch.Bytes >= _settings.ByteCountThreshold
                || _settings.DelayThreshold == TimeSpan.Zero)
            {
                CloseLocked(batch);
            }
            else if (batch.Messages.Count == 1)
            {
                batch.Timer = _timeProvider.CreateTimer(s => OnDelayElapsed((Batch)s!), batch, _settings.DelayThreshold, Timeout.InfiniteTimeSpan);
            }
        }

        return completion.Task;
    }

    /// <summary>The bytes <paramref name="message"/> counts towards <see cref="Settings.ByteCountThreshold"/>: its size in a publish request.</summary>
    internal static int RequestBytes(PubsubMessage message) => message.CalculateSize() + PerMessageOverheadBytes;

    /// <summary>
    /// Resumes publishing on <paramref name="orderingKey"/> after a failure paused it (no effect on a key that is not
    /// paused). Call it where the failed message is retried, before publishing it again.
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty (unkeyed messages are never paused).</exception>
    public void ResumePublish(string orderingKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderingKey);
        lock (_gate)
        {
            _paused.Remove(orderingKey);
        }
    }

    /// <summary>Sends every waiting batch now and waits until all sent batches have completed (successfully or not).</summary>
    public async Task FlushAsync()
    {
        while (true)
        {
            Task[] sending;
            lock (_gate)
            {
                if (_open is { } open)
                {
                    CloseLocked(open);
                }

                foreach (var lane in _lanes.Values)
                {
                    if (lane.Open is { } keyed)
                    {
                        CloseLocked(keyed);
                    }
                }

                _sending.RemoveWhere(static t => t.IsCompleted);
                sending = [.. _sending];
                if (sending.Length == 0 && _lanes.Values.All(l => l.Waiting.Count == 0))
                {
                    return;
                }
            }

            // Failures reach the publishers' own tasks; here we only wait for them to settle.
            await Task.WhenAll(sending.Select(t => t.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops accepting messages, sends everything waiting, and waits for it — at most <see cref="Settings.ShutdownTimeout"/>;
    /// then fails every message not yet published with a <see cref="TimeoutException"/> (a call still in flight ends on
    /// its own bounded retries, unobserved).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }

        var flush = FlushAsync();
        using (var limit = new CancellationTokenSource(_settings.ShutdownTimeout, _timeProvider))
        {
            try
            {
                await flush.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                LogShutdownTimedOut(TopicName, _settings.ShutdownTimeout);
            }
        }

        Batch[] unsettled;
        lock (_gate)
        {
            unsettled = [.. _unsettled];
            _unsettled.Clear();
        }

        var error = new TimeoutException(
            $"Not published: the publisher of {TopicName} was disposed and its ShutdownTimeout {_settings.ShutdownTimeout} passed before this message was sent.");
        foreach (var batch in unsettled)
        {
            batch.Timer?.Dispose();
            foreach (var completion in batch.Completions)
            {
                completion.TrySetException(error);
            }
        }
    }

    private void OnDelayElapsed(Batch batch)
    {
        lock (_gate)
        {
            if (!batch.Closed)
            {
                CloseLocked(batch);
            }
        }
    }

    private void CloseLocked(Batch batch)
    {
        batch.Closed = true;
        batch.Timer?.Dispose();
        batch.Timer = null;
        var lane = batch.Lane;
        if (lane is null)
        {
            if (ReferenceEquals(_open, batch))
            {
                _open = null;
            }

            StartSendLocked(batch);
            return;
        }

        if (ReferenceEquals(lane.Open, batch))
        {
            lane.Open = null;
        }

        lane.Waiting.Enqueue(batch);
        if (!lane.InFlight)
        {
            SendNextLocked(lane);
        }
    }

    private void SendNextLocked(KeyLane lane)
    {
        if (lane.Waiting.TryDequeue(out var next))
        {
            lane.InFlight = true;
            StartSendLocked(next);
        }
        else if (lane.Open is null)
        {
            _lanes.Remove(lane.Key);
        }
    }

    private void StartSendLocked(Batch batch)
    {
        // Prune finished sends now and then so a long-lived publisher does not keep them all.
        if (_sending.Count >= PruneSendsEvery && _sending.Count % PruneSendsEvery == 0)
        {
            _sending.RemoveWhere(static t => t.IsCompleted);
        }

        // Off the caller's thread (and out of this lock): the send's completion takes the lock again.
        _sending.Add(Task.Run(() => SendAsync(batch)));
    }

    private async Task SendAsync(Batch batch)
    {
        var request = new PublishRequest { Topic = TopicName };
        request.Messages.AddRange(batch.Messages);
        Exception? failure = null;
        try
        {
            var response = await _caller.CallAsync(
                o => _client.PublishAsync(request, o).ResponseAsync, _routing, CallIdempotency.Default, CancellationToken.None).ConfigureAwait(false);
            if (response.MessageIds.Count != batch.Messages.Count)
            {
                throw new InvalidOperationException(
                    $"Publish to {TopicName} returned {response.MessageIds.Count} message ids for {batch.Messages.Count} messages.");
            }

            for (var i = 0; i < batch.Completions.Count; i++)
            {
                batch.Completions[i].TrySetResult(response.MessageIds[i]);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            LogPublishFailed(ex, batch.Messages.Count, TopicName, batch.Lane?.Key ?? string.Empty);
            foreach (var completion in batch.Completions)
            {
                completion.TrySetException(ex);
            }
        }
        finally
        {
            lock (_gate)
            {
                _unsettled.Remove(batch);
                if (batch.Lane is { } lane)
                {
                    lane.InFlight = false;
                    if (failure is not null)
                    {
                        _paused[lane.Key] = failure;
                        FailQueuedLocked(lane, failure);
                    }

                    SendNextLocked(lane);
                }
            }
        }
    }

    private void FailQueuedLocked(KeyLane lane, Exception cause)
    {
        var error = new InvalidOperationException(
            $"Not published: an earlier batch with ordering key '{lane.Key}' failed, so later messages with that key were not sent (order is kept).",
            cause);
        while (lane.Waiting.TryDequeue(out var queued))
        {
            _unsettled.Remove(queued);
            foreach (var completion in queued.Completions)
            {
                completion.TrySetException(error);
            }
        }

        if (lane.Open is { } open)
        {
            open.Closed = true;
            open.Timer?.Dispose();
            lane.Open = null;
            _unsettled.Remove(open);
            foreach (var completion in open.Completions)
            {
                completion.TrySetException(error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publisher of {Topic} disposed: its ShutdownTimeout {Timeout} passed with messages unpublished; they fail")]
    private partial void LogShutdownTimedOut(string topic, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} message(s) to {Topic} (ordering key '{OrderingKey}') failed; the key is paused until ResumePublish")]
    private partial void LogPublishFailed(Exception error, int count, string topic, string orderingKey);

    private sealed class KeyLane(string key)
    {
        public string Key { get; } = key;

        public Batch? Open { get; set; }

        public Queue<Batch> Waiting { get; } = new();

        public bool InFlight { get; set; }
    }

    private sealed class Batch(KeyLane? lane)
    {
        public KeyLane? Lane { get; } = lane;

        public List<PubsubMessage> Messages { get; } = [];

        public List<TaskCompletionSource<string>> Completions { get; } = [];

        public long Bytes { get; private set; }

        public bool Closed { get; set; }

        public ITimer? Timer { get; set; }

        public void Add(PubsubMessage message, TaskCompletionSource<string> completion, int size)
        {
            Messages.Add(message);
            Completions.Add(completion);
            Bytes += size;
        }
    }
}

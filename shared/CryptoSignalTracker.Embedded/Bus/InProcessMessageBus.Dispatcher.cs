using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Embedded.Bus;

/// <summary>The running side of a subscription: reads its queue and runs the handler.</summary>
public sealed partial class InProcessMessageBus
{
    private sealed class Dispatcher(InProcessMessageBus bus, SubscriptionState state, Func<ReceivedBusMessage, CancellationToken, Task> handler)
        : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(bus._disposed.Token);
        private readonly SemaphoreSlim _concurrency = new(bus._options.MaxConcurrentHandlers, bus._options.MaxConcurrentHandlers);
        private readonly Lock _gate = new();
        private readonly Dictionary<string, Task> _laneTails = new(StringComparer.Ordinal);
        private readonly HashSet<Task> _running = [];
        private Task _loop = Task.CompletedTask;

        public void Start() => _loop = Task.Run(RunAsync);

        public async ValueTask DisposeAsync()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            Task[] running;
            lock (_gate)
            {
                running = [.. _running];
            }

            await Task.WhenAll(running).ConfigureAwait(false);
            lock (bus._gate)
            {
                state.Active = null;
            }

            _stop.Dispose();
            _concurrency.Dispose();
        }

        private async Task RunAsync()
        {
            var token = _stop.Token;
            List<Delivery> parked;
            lock (bus._gate)
            {
                parked = [.. state.Parked];
                state.Parked.Clear();
            }

            try
            {
                foreach (var delivery in parked)
                {
                    await DispatchAsync(delivery, token).ConfigureAwait(false);
                }

                var reader = state.Queue.Reader;
                while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    while (!token.IsCancellationRequested && reader.TryRead(out var delivery))
                    {
                        await DispatchAsync(delivery, token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopping: whatever is still queued stays in the channel for the next subscriber.
            }
        }

        private async Task DispatchAsync(Delivery delivery, CancellationToken token)
        {
            var key = delivery.Message.OrderingKey;
            if (state.Definition.EnableMessageOrdering && key.Length > 0)
            {
                lock (_gate)
                {
                    var tail = _laneTails.GetValueOrDefault(key) ?? Task.CompletedTask;
                    var next = RunInLaneAsync(tail, delivery, token);
                    _laneTails[key] = next;
                    Track(next);
                    _ = next.ContinueWith(
                        t =>
                        {
                            lock (_gate)
                            {
                                if (_laneTails.TryGetValue(key, out var current) && current == t)
                                {
                                    _laneTails.Remove(key);
                                }
                            }
                        },
                        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                return;
            }

            try
            {
                await _concurrency.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Park(delivery);
                throw;
            }

            Track(Task.Run(async () =>
            {
                try
                {
                    await HandleUnorderedAsync(delivery, token).ConfigureAwait(false);
                }
                finally
                {
                    _concurrency.Release();
                }
            }, CancellationToken.None));
        }

        private void Track(Task task)
        {
            lock (_gate)
            {
                _running.Add(task);
            }

            _ = task.ContinueWith(
                t =>
                {
                    lock (_gate)
                    {
                        _running.Remove(t);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private async Task RunInLaneAsync(Task previous, Delivery delivery, CancellationToken token)
        {
            await previous.ConfigureAwait(false);
            // Retries stay in the lane so later messages with the same key wait for this one.
            while (true)
            {
                if (token.IsCancellationRequested)
                {
                    Park(delivery);
                    return;
                }

                var outcome = await InvokeAsync(delivery, token).ConfigureAwait(false);
                if (outcome is null)
                {
                    return;
                }

                if (outcome is OperationCanceledException && token.IsCancellationRequested)
                {
                    Park(delivery);
                    return;
                }

                if (ShouldDeadLetter(delivery, outcome))
                {
                    bus.DeadLetter(state, delivery, outcome);
                    return;
                }

                var delay = bus.Backoff(state.Definition, delivery.Attempt);
                bus.LogRedelivery(outcome, state.Definition.Name, delivery.Message.Id, delivery.Attempt, delay);
                delivery = delivery with { Attempt = delivery.Attempt + 1 };
                try
                {
                    await Task.Delay(delay, bus._timeProvider, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Park(delivery);
                    return;
                }
            }
        }

        private async Task HandleUnorderedAsync(Delivery delivery, CancellationToken token)
        {
            var outcome = await InvokeAsync(delivery, token).ConfigureAwait(false);
            if (outcome is null)
            {
                return;
            }

            if (outcome is OperationCanceledException && token.IsCancellationRequested)
            {
                Park(delivery);
                return;
            }

            if (ShouldDeadLetter(delivery, outcome))
            {
                bus.DeadLetter(state, delivery, outcome);
                return;
            }

            var delay = bus.Backoff(state.Definition, delivery.Attempt);
            bus.LogRedelivery(outcome, state.Definition.Name, delivery.Message.Id, delivery.Attempt, delay);
            var retry = delivery with { Attempt = delivery.Attempt + 1 };
            // The wait belongs to the bus, not this subscriber: a redelivery survives the subscriber stopping.
            _ = RequeueLaterAsync(retry, delay);
        }

        private async Task RequeueLaterAsync(Delivery delivery, TimeSpan delay)
        {
            try
            {
                await Task.Delay(delay, bus._timeProvider, bus._disposed.Token).ConfigureAwait(false);
                state.Queue.Writer.TryWrite(delivery);
            }
            catch (OperationCanceledException)
            {
                // The bus itself is being disposed; in-memory messages end with it.
            }
        }

        private async Task<Exception?> InvokeAsync(Delivery delivery, CancellationToken token)
        {
            try
            {
                await handler(delivery.ToReceived(), token).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }

        private bool ShouldDeadLetter(Delivery delivery, Exception error) =>
            error is UnprocessableMessageException || delivery.Attempt >= state.Definition.MaxDeliveryAttempts;

        private void Park(Delivery delivery)
        {
            lock (bus._gate)
            {
                state.Parked.Add(delivery);
            }
        }
    }
}

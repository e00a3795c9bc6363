using System.Collections.Concurrent;
using CloudNative.CloudEvents;
using CryptoSignalTracker.Core.Ports;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Hosting.Tests;

/// <summary>What the test functions received, shared through DI.</summary>
public sealed class Received
{
    public ConcurrentQueue<(CloudEvent Event, MessagePublishedData Data)> Events { get; } = new();
}

/// <summary>Records every Pub/Sub event; payload "fail" throws, "bad" is unprocessable, "later" asks for a retry.</summary>
public sealed class RecordingFunction(Received received) : ICloudEventFunction<MessagePublishedData>
{
    public Task HandleAsync(CloudEvent cloudEvent, MessagePublishedData data, CancellationToken cancellationToken)
    {
        var text = System.Text.Encoding.UTF8.GetString(data.Message.Data.Span);
        return text switch
        {
            "fail" => throw new InvalidOperationException("the store is down"),
            "bad" => throw new UnprocessableMessageException("field 'x' is missing"),
            "later" => throw new RetryLaterException("batch 3 of 5 not stored yet"),
            _ => Record(),
        };

        Task Record()
        {
            received.Events.Enqueue((cloudEvent, data));
            return Task.CompletedTask;
        }
    }
}

/// <summary>Echoes method and path.</summary>
public sealed class EchoFunction : IHttpFunction
{
    public Task HandleAsync(HttpContext context) => context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path}", context.RequestAborted);
}

/// <summary>A health check the tests switch.</summary>
public sealed class SwitchableHealth : IFunctionHealthCheck
{
    public volatile bool Healthy = true;

    public ValueTask<FunctionHealth> CheckAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(Healthy ? FunctionHealth.Healthy() : FunctionHealth.Unhealthy("stale: no trade for 130 s"));
}

/// <summary>How many events a <see cref="GaugedFunction"/> handled, and the most it held at once.</summary>
public sealed class ConcurrencyGauge
{
    private int _now;
    private int _most;
    private int _handled;

    public int MostAtOnce => Volatile.Read(ref _most);

    public int Handled => Volatile.Read(ref _handled);

    public async Task HoldAsync(TimeSpan time, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _now);
        int most;
        while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
        {
        }

        try
        {
            await Task.Delay(time, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _now);
            Interlocked.Increment(ref _handled);
        }
    }
}

/// <summary>Holds each event 1 s, counted by the <see cref="ConcurrencyGauge"/>.</summary>
public sealed class GaugedFunction(ConcurrencyGauge gauge) : ICloudEventFunction<MessagePublishedData>
{
    public Task HandleAsync(CloudEvent cloudEvent, MessagePublishedData data, CancellationToken cancellationToken) =>
        gauge.HoldAsync(TimeSpan.FromSeconds(1), cancellationToken);
}

/// <summary>Records every Pub/Sub event without looking at its data (so it allocates nothing of its size).</summary>
public sealed class StoringFunction(Received received) : ICloudEventFunction<MessagePublishedData>
{
    public Task HandleAsync(CloudEvent cloudEvent, MessagePublishedData data, CancellationToken cancellationToken)
    {
        received.Events.Enqueue((cloudEvent, data));
        return Task.CompletedTask;
    }
}

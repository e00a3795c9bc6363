using Grpc.Core;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>
/// A gRPC call invoker that answers server-streaming calls from a script, one step per call, and
/// records every request. It produces what the emulator cannot: a stream that breaks after some
/// responses, per-entry retryable failures. Unary calls are not scripted.
/// </summary>
public sealed class ScriptedBigtableInvoker : CallInvoker
{
    private readonly Queue<(object[] Responses, RpcException? Error)> _steps = new();

    /// <summary>Every request received, in order.</summary>
    public List<object> Requests { get; } = [];

    /// <summary>Adds the answer to the next streaming call: these responses, then optionally this error.</summary>
    public ScriptedBigtableInvoker Then(object[] responses, RpcException? error = null)
    {
        _steps.Enqueue((responses, error));
        return this;
    }

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Requests.Add(request);
        if (!_steps.TryDequeue(out var step))
        {
            throw new InvalidOperationException($"unscripted call {method.FullName} #{Requests.Count}");
        }

        var reader = new Reader<TResponse>(step.Responses.Cast<TResponse>().ToArray(), step.Error);
        return new AsyncServerStreamingCall<TResponse>(
            reader, Task.FromResult(new Metadata()), () => step.Error?.Status ?? Status.DefaultSuccess, () => [], () => { });
    }

    /// <inheritdoc />
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException(method.FullName);

    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException(method.FullName);

    /// <inheritdoc />
    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException(method.FullName);

    /// <inheritdoc />
    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException(method.FullName);

    private sealed class Reader<T>(T[] responses, RpcException? error) : IAsyncStreamReader<T>
    {
        private int _next = -1;

        public T Current => responses[_next];

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            _next++;
            if (_next < responses.Length)
            {
                return Task.FromResult(true);
            }

            return error is null ? Task.FromResult(false) : Task.FromException<bool>(error);
        }
    }
}

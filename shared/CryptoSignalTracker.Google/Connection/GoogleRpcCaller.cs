using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace CryptoSignalTracker.Google.Connection;

/// <summary>
/// Runs unary Google calls with a deadline on every attempt and retries with exponential backoff and jitter
/// (Polly.Core) for UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED only, plus ABORTED when the caller
/// says the call is <see cref="CallIdempotency.Idempotent"/>. Other status codes surface at once.
/// Time (deadlines and backoff delays) comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class GoogleRpcCaller
{
    private readonly GoogleCallSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GoogleRpcCaller> _logger;
    private readonly ResiliencePipeline _standard;
    private readonly ResiliencePipeline _idempotent;
    private readonly ResiliencePipeline _once;

    /// <summary>Creates a caller; <paramref name="settings"/> is validated here.</summary>
    public GoogleRpcCaller(GoogleCallSettings? settings = null, TimeProvider? timeProvider = null, ILogger<GoogleRpcCaller>? logger = null)
    {
        _settings = settings ?? GoogleCallSettings.Default;
        _settings.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<GoogleRpcCaller>.Instance;
        _standard = BuildPipeline(CallIdempotency.Default);
        _idempotent = BuildPipeline(CallIdempotency.Idempotent);
        _once = ResiliencePipeline.Empty;
    }

    /// <summary>The settings in use.</summary>
    public GoogleCallSettings Settings => _settings;

    /// <summary>True if a failure with <paramref name="code"/> is retried for a call of the given idempotency.</summary>
    public static bool IsRetryable(StatusCode code, CallIdempotency idempotency) => idempotency != CallIdempotency.Once && code switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted => true,
        StatusCode.Aborted => idempotency == CallIdempotency.Idempotent,
        _ => false,
    };

    /// <summary>
    /// Call options for one attempt: the headers, a deadline <see cref="GoogleCallSettings.AttemptTimeout"/> (or
    /// <paramref name="timeout"/>) from now, and the token. Use for streaming calls, which are not retried here.
    /// </summary>
    public CallOptions CreateCallOptions(Metadata? headers, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var deadline = _timeProvider.GetUtcNow().UtcDateTime + (timeout ?? _settings.AttemptTimeout);
        return new CallOptions(headers, deadline, cancellationToken);
    }

    /// <summary>Runs <paramref name="call"/> with fresh call options on each attempt and returns its result.</summary>
    /// <param name="call">The gRPC call, e.g. <c>o =&gt; client.PublishAsync(request, o).ResponseAsync</c>.</param>
    /// <param name="headers">Request headers such as the routing header, or null.</param>
    /// <param name="idempotency">Whether ABORTED may be retried.</param>
    /// <param name="cancellationToken">Stops waiting and retrying.</param>
    public async Task<T> CallAsync<T>(
        Func<CallOptions, Task<T>> call,
        Metadata? headers,
        CallIdempotency idempotency,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var pipeline = idempotency switch
        {
            CallIdempotency.Idempotent => _idempotent,
            CallIdempotency.Once => _once,
            _ => _standard,
        };
        return await pipeline.ExecuteAsync(
            static async (state, token) => await state.call(state.self.CreateCallOptions(state.headers, token)).ConfigureAwait(false),
            (call, headers, self: this),
            cancellationToken).ConfigureAwait(false);
    }

    private ResiliencePipeline BuildPipeline(CallIdempotency idempotency)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        if (_settings.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is RpcException rpc && IsRetryable(rpc.StatusCode, idempotency)),
                MaxRetryAttempts = _settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _settings.InitialBackoff,
                MaxDelay = _settings.MaxBackoff,
                OnRetry = args =>
                {
                    var status = (args.Outcome.Exception as RpcException)?.StatusCode;
                    _logger.LogWarning(args.Outcome.Exception,
                        "Google call failed with {Status}; retry {Attempt} in {Delay}", status, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }
}

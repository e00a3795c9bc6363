namespace CryptoSignalTracker.Hosting;

/// <summary>
/// A function's own health check, asked by <c>GET /health</c> (register it in the function's Startup).
/// Without one, <c>/health</c> answers 200 as soon as the host listens.
/// </summary>
public interface IFunctionHealthCheck
{
    /// <summary>The current health; an unhealthy answer makes <c>/health</c> return 503 with the detail.</summary>
    ValueTask<FunctionHealth> CheckAsync(CancellationToken cancellationToken);
}

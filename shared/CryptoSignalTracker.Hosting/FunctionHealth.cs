namespace CryptoSignalTracker.Hosting;

/// <summary>The answer of an <see cref="IFunctionHealthCheck"/>.</summary>
/// <param name="IsHealthy">False makes <c>/health</c> answer 503.</param>
/// <param name="Detail">One line saying why (shown in the response body).</param>
public readonly record struct FunctionHealth(bool IsHealthy, string Detail)
{
    /// <summary>A healthy answer with <paramref name="detail"/>.</summary>
    public static FunctionHealth Healthy(string detail = "ok") => new(true, detail);

    /// <summary>An unhealthy answer saying why.</summary>
    public static FunctionHealth Unhealthy(string detail) => new(false, detail);
}

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>Bybit's REST API, unreachable: every request fails at once (the Ingestor then marks its first, partly seen minute a gap).</summary>
internal sealed class RefusingHandler : HttpMessageHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromException<HttpResponseMessage>(new HttpRequestException($"benchmark: no Bybit REST API ({request.RequestUri})"));
}

using CryptoSignalTracker.Exchanges.Bybit;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>
/// The Bybit REST client a replay gives the Ingestor: a replay must never contact the network (it once backfilled its
/// first minute from the real Bybit), so any request fails at once, naming why, instead of leaving the machine.
/// </summary>
internal static class NoNetwork
{
    private static int _refused;

    /// <summary>Requests refused so far in this process (tests check a replay made none).</summary>
    public static int Refused => Volatile.Read(ref _refused);

    /// <summary>The Ingestor's REST client for a replay; every call throws <see cref="HttpRequestException"/>.</summary>
    public static BybitRestClient BybitRest() => new(new HttpClient(new RefusingHandler()), new Uri(BybitStreamOptions.DefaultRestUrl));

    /// <summary>Fails every request without sending it.</summary>
    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _refused);
            throw new HttpRequestException($"a replay does not contact the network (refused {request.Method} {request.RequestUri})");
        }
    }
}

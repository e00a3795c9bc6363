using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Tests.CryptoCompare;

/// <summary>
/// A CryptoCompare <c>/data/v2/histominute</c> and <c>/data/v2/histohour</c> stand-in on 127.0.0.1 (free port): bodies
/// are set per endpoint and market; anything else answers CryptoCompare's own error shape (HTTP 200). Records each
/// request's path and query and its <c>authorization</c> header.
/// </summary>
public sealed class FakeCryptoCompareServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string PathAndQuery, string? Authorization)> _requests = new();
    private readonly Task _loop;

    /// <summary>Starts the server.</summary>
    public FakeCryptoCompareServer()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Where the server listens.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Requests answered so far (path and query, authorization header).</summary>
    public IReadOnlyList<(string PathAndQuery, string? Authorization)> Requests => [.. _requests];

    /// <summary>How long to wait before answering (to provoke client timeouts).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answers <paramref name="body"/> with <paramref name="status"/> for <paramref name="endpoint"/> (<c>histominute</c>/<c>histohour</c>) of fsym/tsym.</summary>
    public void SetBody(string endpoint, string fsym, string tsym, string body, int status = 200) => _bodies[Key(endpoint, fsym, tsym)] = (status, body);

    /// <summary>Answers the real success shape for <paramref name="candles"/> (the last one is the period still forming).</summary>
    public void SetCandles(string endpoint, string fsym, string tsym, IReadOnlyList<Candle> candles) => SetBody(endpoint, fsym, tsym, Body(candles));

    /// <summary>CryptoCompare's v2 success body for <paramref name="candles"/>.</summary>
    public static string Body(IReadOnlyList<Candle> candles)
    {
        var from = candles.Count == 0 ? 0 : candles[0].OpenTimeMs / 1000;
        var to = candles.Count == 0 ? 0 : candles[^1].OpenTimeMs / 1000;
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{{\"Response\":\"Success\",\"Message\":\"\",\"HasWarning\":false,\"Type\":100,\"RateLimit\":{{}},\"Data\":{{\"Aggregated\":false,\"TimeFrom\":{from},\"TimeTo\":{to},\"Data\":[");
        for (var i = 0; i < candles.Count; i++)
        {
            var c = candles[i];
            sb.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"time\":{c.OpenTimeMs / 1000},\"high\":{R(c.High)},\"low\":{R(c.Low)},\"open\":{R(c.Open)},\"volumefrom\":{R(c.Volume)},\"volumeto\":{R(c.Volume * c.Close)},\"close\":{R(c.Close)},\"conversionType\":\"direct\",\"conversionSymbol\":\"\"}}");
        }

        return sb.Append("]}}").ToString();
    }

    /// <summary>CryptoCompare's error body (as sent with HTTP 200).</summary>
    public static string ErrorBody(string message, string? paramWithError = null) =>
        $"{{\"Response\":\"Error\",\"Message\":\"{message}\",\"HasWarning\":false,\"Type\":2,\"RateLimit\":{{}},\"Data\":{{}}{(paramWithError is null ? "" : $",\"ParamWithError\":\"{paramWithError}\"")}}}";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Key(string endpoint, string fsym, string tsym) => $"{endpoint}/{fsym}/{tsym}";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return; // stopped
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var url = context.Request.Url!;
        _requests.Enqueue((url.PathAndQuery, context.Request.Headers["authorization"]));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        var query = context.Request.QueryString;
        var endpoint = url.AbsolutePath.StartsWith("/data/v2/", StringComparison.Ordinal) ? url.AbsolutePath["/data/v2/".Length..] : "";
        var (status, body) = _bodies.TryGetValue(Key(endpoint, query["fsym"] ?? "", query["tsym"] ?? ""), out var b)
            ? b
            : (200, ErrorBody($"There is no data for the symbol {query["fsym"]} .", "fsym"));
        var bytes = Encoding.UTF8.GetBytes(body);
        try
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=UTF-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"fake CryptoCompare: the client went away ({e.Message})");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Tests.Kraken;

/// <summary>
/// A Kraken <c>/0/public/OHLC</c> stand-in on 127.0.0.1 (free port): bodies are set per pair and interval; an unknown
/// pair answers Kraken's own <c>EQuery:Unknown asset pair</c>. Counts requests.
/// </summary>
public sealed class FakeKrakenServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _bodies = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _requests;

    /// <summary>Starts the server.</summary>
    public FakeKrakenServer()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Where the server listens.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How long to wait before answering (to provoke client timeouts).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answers <paramref name="body"/> with HTTP <paramref name="status"/> for <paramref name="pair"/> at <paramref name="interval"/> minutes.</summary>
    public void SetBody(string pair, int interval, string body, int status = 200) => _bodies[Key(pair, interval)] = (status, body);

    /// <summary>Answers the real shape for <paramref name="candles"/> (the last one is the forming candle) under <paramref name="resultKey"/>.</summary>
    public void SetCandles(string pair, int interval, IEnumerable<Candle> candles, string? resultKey = null) =>
        SetBody(pair, interval, Body(resultKey ?? pair, candles));

    /// <summary>Kraken's OHLC body for <paramref name="candles"/> under <paramref name="resultKey"/>.</summary>
    public static string Body(string resultKey, IEnumerable<Candle> candles)
    {
        var sb = new StringBuilder("{\"error\":[],\"result\":{\"").Append(resultKey).Append("\":[");
        long last = 0;
        var first = true;
        foreach (var c in candles)
        {
            sb.Append(first ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"[{c.OpenTimeMs / 1000},\"{c.Open.ToString("R", CultureInfo.InvariantCulture)}\",\"{c.High.ToString("R", CultureInfo.InvariantCulture)}\",\"{c.Low.ToString("R", CultureInfo.InvariantCulture)}\",\"{c.Close.ToString("R", CultureInfo.InvariantCulture)}\",\"{c.Close.ToString("R", CultureInfo.InvariantCulture)}\",\"{c.Volume.ToString("R", CultureInfo.InvariantCulture)}\",{Math.Max(c.Trades, 0)}]");
            last = c.OpenTimeMs / 1000;
            first = false;
        }

        return sb.Append(CultureInfo.InvariantCulture, $"],\"last\":{last}}}}}").ToString();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private static string Key(string pair, int interval) => string.Create(CultureInfo.InvariantCulture, $"{pair}/{interval}");

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

            Interlocked.Increment(ref _requests);
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        var query = context.Request.QueryString;
        var interval = int.Parse(query["interval"] ?? "1", CultureInfo.InvariantCulture);
        var (status, body) = context.Request.Url?.AbsolutePath == "/0/public/OHLC" && _bodies.TryGetValue(Key(query["pair"] ?? "", interval), out var b)
            ? b
            : (200, "{\"error\":[\"EQuery:Unknown asset pair\"]}");
        var bytes = Encoding.UTF8.GetBytes(body);
        try
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"fake Kraken: the client went away ({e.Message})");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Dashboard;

/// <summary>
/// The dashboard on Kestrel: the pages (<c>/</c>, <c>/markets</c>, <c>/positions</c>, <c>/signals</c>,
/// <c>/equity</c>) and their JSON APIs (<c>/api/…</c>), behind <see cref="LocalTokenAccess"/>. Read-only: every
/// endpoint is a GET that reads the stores. Requests are not logged (the first one carries the token).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri address, string token)
    {
        _app = app;
        Address = address;
        Token = token;
    }

    /// <summary>Where it answers, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The token (for the link; never logged).</summary>
    public string Token { get; }

    /// <summary>The link that opens it: <see cref="Address"/> with <c>?token=</c>.</summary>
    public string Link => $"{Address}?token={Token}";

    /// <summary>The one line <c>cst</c> prints: <c>Dashboard: http://127.0.0.1:PORT/?token=…</c>.</summary>
    public string Line => $"Dashboard: {Link}";

    /// <summary>Starts serving <paramref name="sources"/> on <paramref name="listen"/> (<see cref="DashboardListen"/>) with a new random token (or <paramref name="token"/>).</summary>
    /// <exception cref="IOException">The address cannot be bound (in use, not this machine's).</exception>
    public static async Task<DashboardServer> StartAsync(
        DashboardSources sources, IPEndPoint listen, ILoggerFactory? loggers, CancellationToken cancellationToken, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(listen);
        token ??= LocalTokenAccess.NewToken();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(listen));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        if (loggers is not null)
        {
            builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        }

        // ASP.NET's request lines carry the address with its query: the first request's is the token.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // A failed start (the port in use) is the one line the caller prints, not also the host's own error.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        var app = builder.Build();
        Map(app, app, sources, new LocalTokenAccess(token), (loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<DashboardServer>());
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot listen on {listen}: {e.Message}", e);
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new DashboardServer(app, new Uri($"http://{bound.Authority}/"), token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The pages and APIs on <paramref name="app"/>, behind <paramref name="access"/>, whose middleware goes on <paramref name="pipeline"/>.</summary>
    internal static void Map(IApplicationBuilder pipeline, IEndpointRouteBuilder app, DashboardSources sources, SessionCookieAccess access, ILogger log)
    {
        var queries = new DashboardQueries(sources);
        var markets = new MarketQueries(sources, queries);
        pipeline.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                await context.Response.WriteAsync("405: the dashboard is read-only\n").ConfigureAwait(false);
                return;
            }

            await access.InvokeAsync(context, () => next(context)).ConfigureAwait(false);
        });

        app.MapGet("/api/status", (CancellationToken ct) => Answer(log, "status", async () => await queries.StatusAsync(ct).ConfigureAwait(false)));
        app.MapGet("/api/positions", (CancellationToken ct) => Answer(log, "positions", async () => await queries.PositionsAsync(ct).ConfigureAwait(false)));
        app.MapGet("/api/signals", (string? symbol, string? kind, CancellationToken ct) =>
            Answer(log, "signals", async () => await queries.SignalsAsync(Blank(symbol), Blank(kind), ct).ConfigureAwait(false)));
        app.MapGet("/api/candles", (string? symbol, int? minutes, long? end, CancellationToken ct) => Answer(log, "candles", async () =>
            await markets.CandlesAsync(Blank(symbol) ?? sources.Symbols[0], minutes ?? 120, end, ct).ConfigureAwait(false)));
        app.MapGet("/api/equity", (string? range, CancellationToken ct) =>
            Answer(log, "equity", async () => await markets.EquityAsync(Blank(range) ?? "all", ct).ConfigureAwait(false)));
        app.MapGet("/api/macro", (CancellationToken ct) => Answer(log, "macro", async () =>
        {
            var now = await DashboardClock.NowAsync(sources, ct).ConfigureAwait(false);
            return (await queries.BiasesAsync(now.ToUnixTimeMilliseconds(), ct).ConfigureAwait(false)).OrderBy(b => b.Key, StringComparer.Ordinal)
                .Select(b => new { symbol = b.Key, bias = b.Value }).ToList();
        }));
        foreach (var page in DashboardAssets.Pages)
        {
            app.MapGet(page, () => DashboardAssets.Result("index.html"));
        }

        app.MapGet("/app.js", () => DashboardAssets.Result("app.js"));
        app.MapGet("/app.css", () => DashboardAssets.Result("app.css"));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The answer as JSON; a question that cannot be answered as asked is 400, a store that fails now 503 (both with a one-line error).</summary>
    private static async Task<IResult> Answer<T>(ILogger log, string what, Func<Task<T>> read)
    {
        try
        {
            return Results.Json(await read().ConfigureAwait(false), Json, statusCode: 200);
        }
        catch (DashboardQueryException e)
        {
            return Results.Json(new { error = e.Message }, Json, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store that cannot be read now (a locked or corrupt row, a backend outage): said, and asked again next poll.
            log.LogWarning("dashboard: /api/{What} could not be read: {Message}", what, e.Message);
            return Results.Json(new { error = $"{what} could not be read: {e.Message}" }, Json, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private sealed class ForwardingLoggerProvider(ILoggerFactory loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}

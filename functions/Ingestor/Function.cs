using System.Text.Json;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Functions.Ingestor;

/// <summary>
/// The Ingestor's HTTP face: it has no inbound work (the stream runs in <see cref="IngestorService"/>), so any
/// request gets a small JSON status (run id, symbols, connections, dropped trades). Health is on <c>/health</c>.
/// </summary>
[FunctionsStartup(typeof(Startup))]
public sealed class Function : IHttpFunction
{
    private readonly TradeIngestor _ingestor;
    private readonly BybitPublicTradeStream _stream;

    /// <summary>Creates the function.</summary>
    public Function(TradeIngestor ingestor, BybitPublicTradeStream stream)
    {
        _ingestor = ingestor;
        _stream = stream;
    }

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var health = await _ingestor.CheckAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            run = _ingestor.Run,
            symbols = _stream.Symbols,
            connections = _stream.Connections,
            healthy = health.IsHealthy,
            detail = health.Detail,
            duplicates = _ingestor.Duplicates,
            lateTrades = _ingestor.LateTrades,
        }, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }
}

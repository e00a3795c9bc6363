using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.ChartRenderer;

/// <summary>
/// <c>GET ?symbol=BTCUSDT&amp;minutes=120[&amp;signal=id][&amp;to=time]</c> → <c>image/png</c>: the candlestick chart
/// (volume, RSI) of the window from the candle store, with the alerted signals of that symbol in the window (or
/// the one requested, with its exit) drawn in. 400 with the reason for a bad query; 404 when the signal is unknown
/// or no candle falls in the window; 405 for anything but GET/HEAD.
/// </summary>
[FunctionsStartup(typeof(Startup))]
public sealed class Function : IHttpFunction
{
    /// <summary>1-minute candles before the window read for the RSI to warm up: 140.</summary>
    public const int WarmUpCandles = 140;

    private const long MinuteMs = 60_000;

    private readonly ICandleStore _candles;
    private readonly BotState _state;
    private readonly CandleChartRenderer _renderer;
    private readonly TimeProvider _time;
    private readonly ILogger<Function> _logger;

    /// <summary>Creates the function.</summary>
    public Function(ICandleStore candles, IStateStore state, CandleChartRenderer renderer, TimeProvider timeProvider, ILogger<Function> logger)
    {
        _candles = candles ?? throw new ArgumentNullException(nameof(candles));
        _state = new BotState(state ?? throw new ArgumentNullException(nameof(state)));
        _renderer = renderer ?? throw new ArgumentNullException(nameof(renderer));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.RequestAborted;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await TextAsync(context, StatusCodes.Status405MethodNotAllowed, "only GET is supported");
            return;
        }

        if (!ChartQuery.TryParse(context.Request.Query, out var query, out var error))
        {
            await TextAsync(context, StatusCodes.Status400BadRequest, error!);
            return;
        }

        StoredSignal? requested = null;
        if (query!.SignalId is { } id)
        {
            requested = await _state.GetSignalAsync(SignalKeys.Of(id), ct);
            if (requested is null)
            {
                await TextAsync(context, StatusCodes.Status404NotFound, $"signal '{id}' is not known");
                return;
            }

            if (requested.Signal.Symbol != query.Symbol)
            {
                await TextAsync(context, StatusCodes.Status400BadRequest, $"signal '{id}' is for {requested.Signal.Symbol}, not {query.Symbol}");
                return;
            }
        }

        var nowMinute = _time.GetUtcNow().ToUnixTimeMilliseconds() / MinuteMs * MinuteMs;
        long from;
        long to;
        if (requested is not null && query.ToMs is null)
        {
            from = requested.Signal.TimeMs - (ChartQuery.LeadInMinutes * MinuteMs);
            to = Math.Min(nowMinute, from + ((query.Minutes - 1) * MinuteMs));
        }
        else
        {
            to = (query.ToMs ?? nowMinute) / MinuteMs * MinuteMs;
            from = to - ((query.Minutes - 1) * MinuteMs);
        }

        // a long window is drawn on coarser candles (and a SWING signal on 5m): read the RSI warm-up in those candles
        var interval = _renderer.IntervalFor(from, to, requested?.Signal.Kind == SignalKind.Swing);
        var candles = await _candles.ReadAsync(query.Symbol, from - (WarmUpCandles * interval.Milliseconds), to + MinuteMs, ct);
        if (!candles.Any(c => c.OpenTimeMs >= from && c.OpenTimeMs <= to))
        {
            await TextAsync(context, StatusCodes.Status404NotFound, $"no {query.Symbol} candles from {WireNames.Time(from)} to {WireNames.Time(to)}");
            return;
        }

        var overlays = new List<SignalOverlay>();
        var signals = requested is not null
            ? [requested]
            : (await _state.ListSignalsAsync(ct)).Where(s => s.Signal.Symbol == query.Symbol && s.Signal.TimeMs >= from && s.Signal.TimeMs <= to);
        foreach (var s in signals)
        {
            overlays.Add(SignalOverlay.From(s.Signal, await _state.GetExitAsync(SignalKeys.Of(s.Signal.Id), ct)));
        }

        var lastMs = candles.Where(c => c.OpenTimeMs <= to).Max(c => c.OpenTimeMs);
        var png = _renderer.Render(new CandleChartRequest(query.Symbol, candles) { FromMs = from, ToMs = lastMs, Signals = overlays });
        _logger.LogInformation("Chart {symbol} {minutes} min, {signals} signal(s), {bytes} bytes", query.Symbol, query.Minutes, overlays.Count, png.Length);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "image/png";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = png.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(png, ct);
        }
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}

using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// A small Bybit v5 stand-in on Kestrel (127.0.0.1, free port) speaking the real wire format: the linear public
/// websocket (subscribe ack or success:false, ping -> pong, publicTrade snapshot pushes) and
/// <c>GET /v5/market/kline</c> with the real envelope (strings, newest first, at most <c>limit</c>), its
/// failure shapes (HTTP 429, retCode 10006, a cut connection) and <c>GET /v5/market/instruments-info</c>.
/// </summary>
public sealed class FakeBybitServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeBybitScript _script;
    private readonly TaskCompletionSource _replayed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;
    private int _sent;
    private bool _dropped;
    private readonly HashSet<int> _dropsDone = [];
    private int _connections;
    private int _pings;
    private int _klineRequests;
    private int _recentTradeRequests;
    private readonly List<string> _klineQueries = [];

    private FakeBybitServer(WebApplication app, FakeBybitScript script)
    {
        _app = app;
        _script = script;
    }

    public Uri WebSocketUrl { get; private set; } = null!;

    public Uri RestUrl { get; private set; } = null!;

    public int Connections => Volatile.Read(ref _connections);

    public int Pings => Volatile.Read(ref _pings);

    public int KlineRequests => Volatile.Read(ref _klineRequests);

    /// <summary>Completes when the replay reached <see cref="FakeBybitScript.PauseBeforeFrame"/> and waits for <see cref="Resume"/>.</summary>
    public Task Paused => _paused.Task;

    /// <summary>Trade frames sent so far (a duplicated frame counts once).</summary>
    public int FramesSent => Volatile.Read(ref _sent);

    /// <summary>Lets a paused replay go on.</summary>
    public void Resume() => _resume.TrySetResult();

    /// <summary>Completes when every trade (and the clock frame) has been sent.</summary>
    public Task Replayed => _replayed.Task;

    public static async Task<FakeBybitServer> StartAsync(FakeBybitScript script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeBybitServer(app, script);
        app.UseWebSockets();
        app.Map("/v5/public/linear", server.StreamAsync);
        app.MapGet("/v5/market/kline", server.Kline);
        app.MapGet("/v5/market/recent-trade", server.RecentTrade);
        app.MapGet("/v5/market/instruments-info", server.InstrumentsInfo);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        server.WebSocketUrl = new Uri($"ws://127.0.0.1:{address.Port}/v5/public/linear");
        server.RestUrl = new Uri($"http://127.0.0.1:{address.Port}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task StreamAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Interlocked.Increment(ref _connections);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var stop = context.RequestAborted;
        var subscribe = await ReceiveAsync(socket, stop);
        if (subscribe is null)
        {
            return;
        }

        using var request = JsonDocument.Parse(subscribe);
        var args = request.RootElement.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        var reqId = request.RootElement.TryGetProperty("req_id", out var r) ? r.GetString() : string.Empty;
        var rejected = args.FirstOrDefault(a => _script.RejectSymbols.Contains(a["publicTrade.".Length..]));
        var sendLock = new SemaphoreSlim(1, 1);
        if (rejected is not null)
        {
            await SendAsync(socket, sendLock, $$"""{"success":false,"ret_msg":"error:handler not found,topic:{{rejected}}","conn_id":"c1","req_id":"{{reqId}}","op":"subscribe"}""", stop);
        }
        else
        {
            await SendAsync(socket, sendLock, $$"""{"success":true,"ret_msg":"","conn_id":"c1","req_id":"{{reqId}}","op":"subscribe"}""", stop);
        }

        var pongs = AnswerPingsAsync(socket, sendLock, stop);
        if (rejected is null && !_script.Silent)
        {
            if (_script.MalformedFrame is { } bad)
            {
                await SendAsync(socket, sendLock, bad, stop);
            }

            if (!await ReplayAsync(socket, sendLock, stop))
            {
                socket.Abort();
                return;
            }
        }

        await pongs;
    }

    /// <summary>Sends trades from the shared cursor; false when the script says to drop the connection now.</summary>
    private async Task<bool> ReplayAsync(WebSocket socket, SemaphoreSlim sendLock, CancellationToken stop)
    {
        while (_next < _script.Trades.Count)
        {
            if (_script.PauseBeforeFrame == _sent && !_resume.Task.IsCompleted)
            {
                _paused.TrySetResult();
                await _resume.Task.WaitAsync(stop);
            }

            if (_script.BeforeFrame is { } gate)
            {
                await gate(_sent, stop);
            }

            var first = _next;
            var symbol = _script.Trades[first].Symbol;
            while (_next < _script.Trades.Count && _next - first < _script.TradesPerFrame && _script.Trades[_next].Symbol == symbol)
            {
                _next++;
            }

            var frame = Frame(_script.Trades, first, _next, _next);
            await SendAsync(socket, sendLock, frame, stop);
            if (_script.DuplicateFrames || _script.DuplicateFrameNumbers.Contains(_sent + 1))
            {
                await SendAsync(socket, sendLock, frame, stop);
            }

            Interlocked.Increment(ref _sent);
            await Task.Delay(_script.FrameDelay, stop);
            if (!_dropped && _script.DropAfterFrame == _sent)
            {
                _dropped = true;
                _next += _script.MissedOnDrop;
                return false;
            }

            if (_script.DropAfterFrames.Contains(_sent) && _dropsDone.Add(_sent))
            {
                _next = Math.Min(_next + _script.MissedOnDrop, _script.Trades.Count);
                return false;
            }
        }

        if (_script.ClockFrameMs is { } clock)
        {
            await SendAsync(socket, sendLock, Frame([new Trade(clock, "ZZZUSDT", TakerSide.Buy, 1, 1, TradeId.FromNumber(1))], 0, 1, 0), stop);
        }

        _replayed.TrySetResult();
        return true;
    }

    private async Task AnswerPingsAsync(WebSocket socket, SemaphoreSlim sendLock, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var text = await ReceiveAsync(socket, stop);
                if (text is null)
                {
                    return;
                }

                using var message = JsonDocument.Parse(text);
                if (message.RootElement.GetProperty("op").GetString() == "ping")
                {
                    Interlocked.Increment(ref _pings);
                    if (!_script.Silent)
                    {
                        var id = message.RootElement.TryGetProperty("req_id", out var r) ? r.GetString() : string.Empty;
                        await SendAsync(socket, sendLock, $$"""{"success":true,"ret_msg":"pong","conn_id":"c1","req_id":"{{id}}","op":"ping"}""", stop);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away: this connection is over
            return;
        }
    }

    /// <summary>One publicTrade snapshot push of trades [from, to) (one symbol), stamped with the last trade's time + 3 ms.</summary>
    private string Frame(IReadOnlyList<Trade> trades, int from, int to, int seq)
    {
        var n = (double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var data = new List<string>();
        for (var k = from; k < to; k++)
        {
            var t = trades[k];
            var id = t.Symbol == "ZZZUSDT" ? "1" : IdOf(t);
            data.Add($$"""{"T":{{t.TimeMs}},"s":"{{t.Symbol}}","S":"{{(t.Side == TakerSide.Buy ? "Buy" : "Sell")}}","v":"{{n(t.Size)}}","p":"{{n(t.Price)}}","L":"PlusTick","i":"{{id}}","BT":false,"RPI":false,"seq":{{seq}}}""");
        }

        var last = trades[to - 1];
        return $$"""{"topic":"publicTrade.{{last.Symbol}}","type":"snapshot","ts":{{last.TimeMs + 3}},"data":[{{string.Join(",", data)}}]}""";
    }

    private string IdOf(Trade t) => _script.IdText is { } idText ? idText(t) : SourceData.IdText(t.Symbol, t.TimeMs - (t.TimeMs % 60_000), IndexOf(t));

    private static int IndexOf(Trade t) => (t.TimeMs % 60_000) switch
    {
        1_000 => 0,
        15_000 => 1,
        30_000 => 2,
        _ => 3,
    };

    private IResult Kline(HttpContext context)
    {
        var number = Interlocked.Increment(ref _klineRequests);
        var q = context.Request.Query;
        var symbol = q["symbol"].ToString();
        lock (_klineQueries)
        {
            _klineQueries.Add(context.Request.QueryString.Value ?? string.Empty);
        }

        var fault = _script.KlineFaults.TryGetValue(number, out var f) ? f : number > _script.KlineDropAfter ? FakeKlineFault.DropConnection : (FakeKlineFault?)null;
        var reset = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 50).ToString(CultureInfo.InvariantCulture);
        switch (fault)
        {
            case FakeKlineFault.DropConnection:
                context.Abort();
                return Results.Empty;
            case FakeKlineFault.TooManyRequests:
                context.Response.Headers["X-Bapi-Limit-Reset-Timestamp"] = reset;
                return Results.Text("Too Many Requests", statusCode: StatusCodes.Status429TooManyRequests);
            case FakeKlineFault.TooManyVisits:
                context.Response.Headers["X-Bapi-Limit-Status"] = "0";
                context.Response.Headers["X-Bapi-Limit-Reset-Timestamp"] = reset;
                return Results.Json(new { retCode = 10006, retMsg = "Too many visits!", result = new { }, retExtInfo = new { }, time = 0 });
        }

        if (q["category"] != "linear" || q["interval"] != "1" || !_script.Klines.TryGetValue(symbol, out var candles))
        {
            return Results.Json(new { retCode = 10001, retMsg = $"params error: symbol {symbol} invalid", result = new { }, retExtInfo = new { }, time = 0 });
        }

        var start = long.Parse(q["start"]!, CultureInfo.InvariantCulture);
        var end = long.Parse(q["end"]!, CultureInfo.InvariantCulture);
        var n = (double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var limit = q.ContainsKey("limit") ? int.Parse(q["limit"]!, CultureInfo.InvariantCulture) : 200;
        if (limit is < 1 or > 1000)
        {
            return Results.Json(new { retCode = 10001, retMsg = "params error: limit", result = new { }, retExtInfo = new { }, time = 0 });
        }

        var list = candles.Where(c => c.OpenTimeMs >= start && c.OpenTimeMs <= end).OrderByDescending(c => c.OpenTimeMs).Take(limit)
            .Select(c => new[] { c.OpenTimeMs.ToString(CultureInfo.InvariantCulture), n(c.Open), n(c.High), n(c.Low), n(c.Close), n(c.Volume), n(c.Volume * c.Close) })
            .ToList();
        return Results.Json(new { retCode = 0, retMsg = "OK", result = new { category = "linear", symbol, list }, retExtInfo = new { }, time = 1672025956592 });
    }

    private IResult InstrumentsInfo(HttpContext context)
    {
        var q = context.Request.Query;
        var symbol = q["symbol"].ToString();
        var list = q["category"] == "linear" && _script.Instruments.TryGetValue(symbol, out var spec)
            ? new[] { new { symbol, contractType = "LinearPerpetual", status = "Trading", priceFilter = new { minPrice = "0.10", maxPrice = "1999999.80", tickSize = spec.TickSize }, lotSizeFilter = new { maxOrderQty = "1190.000", minOrderQty = "0.001", qtyStep = spec.QtyStep } } }
            : [];
        return Results.Json(new { retCode = 0, retMsg = "OK", result = new { category = "linear", list, nextPageCursor = string.Empty }, retExtInfo = new { }, time = 1672025956592 });
    }

    /// <summary>The query strings of every kline request, in order.</summary>
    public IReadOnlyList<string> KlineQueries
    {
        get
        {
            lock (_klineQueries)
            {
                return [.. _klineQueries];
            }
        }
    }

    private IResult RecentTrade(HttpContext context)
    {
        Interlocked.Increment(ref _recentTradeRequests);
        var q = context.Request.Query;
        var symbol = q["symbol"].ToString();
        if (!_script.RecentTrades || q["category"] != "linear")
        {
            return Results.Json(new { retCode = 10016, retMsg = "Server error", result = new { }, retExtInfo = new { }, time = 0 });
        }

        var limit = int.Parse(q["limit"]!, CultureInfo.InvariantCulture);
        var n = (double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var passed = _script.Trades.Take(Math.Min(Volatile.Read(ref _next), _script.Trades.Count)).Where(t => t.Symbol == symbol).TakeLast(limit).Reverse()
            .Select(t => new
            {
                execId = IdOf(t),
                symbol,
                price = n(t.Price),
                size = n(t.Size),
                side = t.Side == TakerSide.Buy ? "Buy" : "Sell",
                time = t.TimeMs.ToString(CultureInfo.InvariantCulture),
                isBlockTrade = false,
                isRPITrade = false,
                seq = "1",
            })
            .ToList();
        return Results.Json(new { retCode = 0, retMsg = "OK", result = new { category = "linear", list = passed }, retExtInfo = new { }, time = 1672025956592 });
    }

    public int RecentTradeRequests => Volatile.Read(ref _recentTradeRequests);

    private static async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken stop)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, stop);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim sendLock, string text, CancellationToken stop)
    {
        await sendLock.WaitAsync(stop);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, stop);
        }
        finally
        {
            sendLock.Release();
        }
    }
}

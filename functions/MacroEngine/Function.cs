using CryptoSignalTracker.Core.Health;
using System.Text.Json;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>
/// The MacroEngine, an HTTP function Cloud Scheduler calls every 5 minutes: for every configured symbol (one after
/// another, two Kraken requests each, two more to CryptoCompare when Kraken fails) it runs, by
/// <see cref="MacroEngineOptions.Role"/>, the <see cref="MacroCrossCheck"/> (default: the LogicEngine decides the macro on
/// Bybit candles; this republishes its stored bias and checks it against Kraken) or the <see cref="MacroRunner"/> (role
/// Decide: Kraken decides). It answers a JSON summary
/// <c>{"symbols":[{"symbol","status","source"?,"pair"?,"signalId"?,"krakenError"?,"error"?}]}</c>: 200 when at least one
/// symbol ran, else 502.
/// </summary>
[FunctionsStartup(typeof(Startup))]
public sealed class Function : IHttpFunction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly MacroRunner _runner;
    private readonly MacroCrossCheck _crossCheck;
    private readonly MacroEngineOptions _options;
    private readonly StageHeartbeatRecorder _health;

    /// <summary>Creates the function.</summary>
    public Function(MacroRunner runner, MacroCrossCheck crossCheck, MacroEngineOptions options, StageHeartbeatRecorder health)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _crossCheck = crossCheck ?? throw new ArgumentNullException(nameof(crossCheck));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _health = health ?? throw new ArgumentNullException(nameof(health));
    }

    /// <summary>One symbol's run in the configured role (also what <c>cst run</c> calls every <c>--macro-every</c> minutes).</summary>
    public static Task<SymbolOutcome> RunAsync(MacroEngineOptions options, MacroRunner runner, MacroCrossCheck crossCheck, string symbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(crossCheck);
        return options.Role == MacroEngineRole.Decide ? runner.RunAsync(symbol, cancellationToken) : crossCheck.RunAsync(symbol, cancellationToken);
    }

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcomes = new List<SymbolOutcome>(_options.Symbols.Count);
        foreach (var symbol in _options.Symbols)
        {
            outcomes.Add(await RunAsync(_options, _runner, _crossCheck, symbol, context.RequestAborted));
        }

        // One run every few minutes from Cloud Scheduler, on an instance that may get no CPU between requests: the run
        // is written now, inside the request, not left to a background write.
        _health.Event(null);
        await _health.FlushAsync(context.RequestAborted);
        context.Response.StatusCode = outcomes.Exists(o => o.Succeeded) ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { symbols = outcomes.Select(o => new { o.Symbol, o.Status, o.Source, o.Pair, o.SignalId, o.KrakenError, o.Error }) }, Json), context.RequestAborted);
    }
}

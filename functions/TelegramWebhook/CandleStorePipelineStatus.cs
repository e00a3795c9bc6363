using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Telegram.Commands;

namespace CryptoSignalTracker.Functions.TelegramWebhook;

/// <summary>
/// <c>/status</c> from what the shared stores know: per symbol the open time of the newest 1-minute candle in the
/// last <see cref="LookBack"/> (the Aggregator writes one per minute, so this is the candle pipeline's pulse) and
/// the newest macro bias's publish time as the macro engine's last run. The time of the last raw trade is not
/// stored anywhere this function can read, so it is reported as unknown (null).
/// </summary>
public sealed class CandleStorePipelineStatus : IPipelineStatus
{
    /// <summary>How far back to look for the newest candle: 6 hours.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromHours(6);

    private readonly ICandleStore _candles;
    private readonly IBiasStore _bias;
    private readonly IReadOnlyList<string> _symbols;
    private readonly TimeProvider _time;

    /// <summary>Creates the status source for <paramref name="symbols"/>.</summary>
    public CandleStorePipelineStatus(ICandleStore candles, IBiasStore bias, IReadOnlyList<string> symbols, TimeProvider timeProvider)
    {
        _candles = candles ?? throw new ArgumentNullException(nameof(candles));
        _bias = bias ?? throw new ArgumentNullException(nameof(bias));
        _symbols = symbols ?? throw new ArgumentNullException(nameof(symbols));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc />
    public async Task<PipelineHealth> GetAsync(CancellationToken cancellationToken = default)
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var fromMs = nowMs - (long)LookBack.TotalMilliseconds;
        var symbols = new List<SymbolHealth>(_symbols.Count);
        foreach (var symbol in _symbols)
        {
            var candles = await _candles.ReadAsync(symbol, fromMs, nowMs, cancellationToken).ConfigureAwait(false);
            symbols.Add(new SymbolHealth(symbol, null, candles.Count == 0 ? null : candles[^1].OpenTimeMs));
        }

        var biases = await _bias.ListAsync(cancellationToken).ConfigureAwait(false);
        long? lastMacro = biases.Count == 0 ? null : biases.Max(b => b.PublishedAtMs);
        return new PipelineHealth(symbols, lastMacro);
    }
}

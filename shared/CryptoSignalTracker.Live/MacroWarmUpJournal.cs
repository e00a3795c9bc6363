using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Ports;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Live;

/// <summary>
/// The macro warm-up of a new deployment and its journal: before the engine's first own minute, each symbol's 4-hour EMA
/// is warmed up with an outside source's closed 4-hour candles (<see cref="IMacroHistorySource"/>: Kraken, else
/// CryptoCompare) from before the first 4-hour bucket of the pipeline's own candles. What was used — also "nothing",
/// when both sources failed — is journalled once per symbol (state collection <see cref="Collection"/>, key = symbol)
/// before the first watermark, and a rebuild replays exactly that, never asking the sources again.
/// </summary>
internal sealed class MacroWarmUpJournal
{
    /// <summary>The state collection of the warm-ups.</summary>
    public const string Collection = "logic-macro-warmup";

    private readonly IStateStore _state;
    private readonly IMacroHistorySource? _source;
    private readonly IReadOnlyList<string> _symbols;
    private readonly int _count;
    private readonly ILogger _logger;

    /// <summary>Creates the journal; with no <paramref name="source"/> (warm-up off, or the macro not resampled) it does nothing.</summary>
    public MacroWarmUpJournal(IStateStore state, IMacroHistorySource? source, IReadOnlyList<string> symbols, MacroOptions macro, ILogger logger)
    {
        _state = state;
        _source = source;
        _symbols = symbols;
        _count = 3 * macro.TrendEmaPeriod;
        _logger = logger;
    }

    /// <summary>
    /// The warm-ups for an engine whose first own minute is <paramref name="firstMinuteMs"/>: the journalled one of each
    /// symbol, else fetched now and journalled (a source failure is journalled as <see cref="MacroWarmUp.NoSource"/> with
    /// a warning: the EMA then warms up on the pipeline's own candles, as before).
    /// </summary>
    public async Task<IReadOnlyList<MacroWarmUp>> EnsureAsync(long firstMinuteMs, CancellationToken cancellationToken)
    {
        var warmUps = new List<MacroWarmUp>();
        if (_source is null)
        {
            return warmUps;
        }

        foreach (var symbol in _symbols)
        {
            var journalled = await ReadAsync(symbol, cancellationToken).ConfigureAwait(false);
            if (journalled is null)
            {
                var fetched = await FetchAsync(symbol, firstMinuteMs, cancellationToken).ConfigureAwait(false);
                journalled = await _state.TryCreateAsync(Collection, symbol, fetched.ToJson(), cancellationToken).ConfigureAwait(false)
                    ? fetched
                    : await ReadAsync(symbol, cancellationToken).ConfigureAwait(false) ?? fetched;
                Log(journalled);
            }

            warmUps.Add(journalled);
        }

        return warmUps;
    }

    /// <summary>The journalled warm-ups (a rebuild replays them before the stored candles); none when there are none.</summary>
    /// <exception cref="CorruptRecordException">A journalled warm-up is not readable.</exception>
    public async Task<IReadOnlyList<MacroWarmUp>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var warmUps = new List<MacroWarmUp>();
        foreach (var symbol in _symbols)
        {
            if (await ReadAsync(symbol, cancellationToken).ConfigureAwait(false) is { } warmUp)
            {
                warmUps.Add(warmUp);
            }
        }

        return warmUps;
    }

    private async Task<MacroWarmUp> FetchAsync(string symbol, long firstMinuteMs, CancellationToken cancellationToken)
    {
        try
        {
            return await _source!.WarmUpAsync(symbol, firstMinuteMs, _count, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new MacroWarmUp(symbol, MacroWarmUp.NoSource, firstMinuteMs, [], e.Message);
        }
    }

    private async Task<MacroWarmUp?> ReadAsync(string symbol, CancellationToken cancellationToken)
    {
        var json = await _state.GetAsync(Collection, symbol, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        try
        {
            var warmUp = MacroWarmUp.FromJson(json, $"{Collection}/{symbol}");
            return warmUp.Symbol == symbol ? warmUp : throw new FormatException($"it is the warm-up of {warmUp.Symbol}");
        }
        catch (FormatException e)
        {
            throw new CorruptRecordException($"{Collection}/{symbol}", e.Message);
        }
    }

    private void Log(MacroWarmUp warmUp)
    {
        if (warmUp.FourHour.Count == 0)
        {
            _logger.LogWarning(
                "macro_warmup {Symbol}: no 4-hour history before {FirstMinute} ({Error}); the 4-hour EMA warms up on the pipeline's own candles (about 80 hours), as a backtest on them does",
                warmUp.Symbol, WireNames.Time(warmUp.FirstMinuteMs), warmUp.Error);
        }
        else
        {
            _logger.LogInformation(
                "macro_warmup {Symbol}: {Count} closed 4-hour candles from {Source} ({From} to {To}) warm up the 4-hour EMA before {FirstMinute}{Note}",
                warmUp.Symbol, warmUp.FourHour.Count, warmUp.Source, WireNames.Time(warmUp.FourHour[0].OpenTimeMs), WireNames.Time(warmUp.FourHour[^1].OpenTimeMs),
                WireNames.Time(warmUp.FirstMinuteMs), warmUp.Error is null ? "" : "; " + warmUp.Error);
        }
    }
}

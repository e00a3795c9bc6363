using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.CryptoCompare;
using CryptoSignalTracker.Exchanges.Kraken;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Exchanges.Macro;

/// <summary>
/// The MacroEngine's candles: Kraken's closed 4-hour and 5-minute OHLC, or, when Kraken fails for the symbol (HTTP
/// error, a non-empty <c>error</c> array such as <c>EQuery:Unknown asset pair</c>, a malformed body, a timeout), the
/// same closed candles from CryptoCompare. Both intervals always come from one source. The LogicEngine uses the same
/// fallback for its 4-hour warm-up on a new deployment (<see cref="WarmUpAsync"/>).
/// </summary>
public sealed class MacroCandleFeed : IMacroHistorySource
{
    /// <summary>Source name: Kraken.</summary>
    public const string Kraken = "kraken";

    /// <summary>Source name: CryptoCompare.</summary>
    public const string CryptoCompare = "cryptocompare";

    private const int FiveMinutes = 5;
    private const int FourHours = 240;

    private readonly KrakenOhlcClient _kraken;
    private readonly CryptoCompareOhlcClient _cryptoCompare;
    private readonly ILogger<MacroCandleFeed> _logger;

    /// <summary>Creates the feed.</summary>
    public MacroCandleFeed(KrakenOhlcClient kraken, CryptoCompareOhlcClient cryptoCompare, ILogger<MacroCandleFeed> logger)
    {
        _kraken = kraken ?? throw new ArgumentNullException(nameof(kraken));
        _cryptoCompare = cryptoCompare ?? throw new ArgumentNullException(nameof(cryptoCompare));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>A feed on its own HTTP clients (each request limited to <paramref name="timeout"/>); null URLs mean the public APIs.</summary>
    public static MacroCandleFeed Create(Uri? krakenUrl, Uri? cryptoCompareUrl, string? cryptoCompareApiKey, TimeSpan timeout, ILogger<MacroCandleFeed> logger) => new(
        new KrakenOhlcClient(new HttpClient { Timeout = timeout }, krakenUrl ?? KrakenOhlcClient.DefaultBaseUrl),
        new CryptoCompareOhlcClient(new HttpClient { Timeout = timeout }, cryptoCompareUrl ?? CryptoCompareOhlcClient.DefaultBaseUrl, cryptoCompareApiKey),
        logger);

    /// <summary>The closed candles of <paramref name="symbol"/>, from Kraken or else CryptoCompare.</summary>
    /// <exception cref="MacroCandlesUnavailableException">Both sources failed (the message has both reasons).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<MacroCandles> FetchAsync(string symbol, CancellationToken cancellationToken) => FromEitherAsync(
        symbol,
        async (pair, ct) => new MacroCandles(
            Kraken, pair, await _kraken.GetClosedCandlesAsync(pair, FourHours, ct).ConfigureAwait(false), await _kraken.GetClosedCandlesAsync(pair, FiveMinutes, ct).ConfigureAwait(false)),
        async (market, krakenError, ct) =>
        {
            var fourHour = await _cryptoCompare.GetClosedCandlesAsync(market, new Interval(FourHours), ct).ConfigureAwait(false);
            var fiveMinute = await _cryptoCompare.GetClosedCandlesAsync(market, new Interval(FiveMinutes), ct).ConfigureAwait(false);
            _logger.LogInformation("macro_candles {Symbol}: from CryptoCompare {Market} ({Candles5m} 5m, {Candles4h} 4h)", symbol, market, fiveMinute.Count, fourHour.Count);
            return new MacroCandles(CryptoCompare, market.ToString(), fourHour, fiveMinute, krakenError);
        },
        cancellationToken);

    /// <summary>
    /// The 4-hour warm-up of <paramref name="symbol"/> (<see cref="MacroWarmUp.Select"/>) from Kraken's closed 4-hour
    /// candles, or else CryptoCompare's.
    /// </summary>
    /// <exception cref="MacroCandlesUnavailableException">Both sources failed (the message has both reasons).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<MacroWarmUp> WarmUpAsync(string symbol, long firstMinuteMs, int count, CancellationToken cancellationToken) => FromEitherAsync(
        symbol,
        async (pair, ct) => MacroWarmUp.Select(symbol, Kraken, firstMinuteMs, await _kraken.GetClosedCandlesAsync(pair, FourHours, ct).ConfigureAwait(false), count),
        async (market, krakenError, ct) => MacroWarmUp.Select(symbol, CryptoCompare, firstMinuteMs, await _cryptoCompare.GetClosedCandlesAsync(market, new Interval(FourHours), ct).ConfigureAwait(false), count),
        cancellationToken);

    /// <summary>Asks Kraken, and CryptoCompare when Kraken fails (logged as a warning); throws when both fail.</summary>
    private async Task<T> FromEitherAsync<T>(
        string symbol,
        Func<string, CancellationToken, Task<T>> kraken,
        Func<CryptoCompareMarket, string, CancellationToken, Task<T>> cryptoCompare,
        CancellationToken cancellationToken)
    {
        var pair = KrakenPairs.For(symbol);
        string krakenError;
        try
        {
            return await kraken(pair, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsSourceFailure(e, cancellationToken))
        {
            krakenError = Describe(e);
            _logger.LogWarning("macro_candles {Symbol}: Kraken {Pair} failed ({Error}); trying CryptoCompare", symbol, pair, krakenError);
        }

        CryptoCompareMarket? market = null;
        try
        {
            market = CryptoComparePairs.For(symbol);
            return await cryptoCompare(market, krakenError, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsSourceFailure(e, cancellationToken))
        {
            throw new MacroCandlesUnavailableException(symbol, krakenError, market is null ? Describe(e) : $"{market}: {Describe(e)}");
        }
    }

    private static bool IsSourceFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or KrakenApiException or CryptoCompareApiException or FormatException
        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception e) => e is TaskCanceledException { InnerException: TimeoutException }
        ? $"timed out ({e.Message})"
        : e.Message;
}

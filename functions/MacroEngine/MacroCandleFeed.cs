using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.CryptoCompare;
using CryptoSignalTracker.Exchanges.Kraken;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>
/// The MacroEngine's candles: Kraken's closed 4-hour and 5-minute OHLC, or, when Kraken fails for the symbol (HTTP
/// error, a non-empty <c>error</c> array such as <c>EQuery:Unknown asset pair</c>, a malformed body, a timeout), the
/// same closed candles from CryptoCompare. Both intervals always come from one source.
/// </summary>
public sealed class MacroCandleFeed
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

    /// <summary>The closed candles of <paramref name="symbol"/>, from Kraken or else CryptoCompare.</summary>
    /// <exception cref="MacroCandlesUnavailableException">Both sources failed (the message has both reasons).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<MacroCandles> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        var pair = KrakenPairs.For(symbol);
        string krakenError;
        try
        {
            var fourHour = await _kraken.GetClosedCandlesAsync(pair, FourHours, cancellationToken).ConfigureAwait(false);
            var fiveMinute = await _kraken.GetClosedCandlesAsync(pair, FiveMinutes, cancellationToken).ConfigureAwait(false);
            return new MacroCandles(Kraken, pair, fourHour, fiveMinute);
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
            var fourHour = await _cryptoCompare.GetClosedCandlesAsync(market, new Interval(FourHours), cancellationToken).ConfigureAwait(false);
            var fiveMinute = await _cryptoCompare.GetClosedCandlesAsync(market, new Interval(FiveMinutes), cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("macro_candles {Symbol}: from CryptoCompare {Market} ({Candles5m} 5m, {Candles4h} 4h)", symbol, market, fiveMinute.Count, fourHour.Count);
            return new MacroCandles(CryptoCompare, market.ToString(), fourHour, fiveMinute, krakenError);
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

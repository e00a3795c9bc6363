using System.Net;
using System.Text;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;
using Polly;
using Polly.Retry;

namespace CryptoSignalTracker.Cli.Download;

/// <summary>
/// Downloads one symbol's 1-minute klines from Bybit v5 into a candle CSV (<see cref="CandleCsvWriter"/> layout).
/// Pages of <see cref="BybitRestClient.MaxKlineLimit"/> minutes are requested oldest page first (Bybit lists each
/// page newest first; the client turns it around) and appended to <c>FILE.part</c>, flushed per page, so an
/// interrupted run resumes after the last candle on disk. The file gets its final name only when complete.
/// The still-forming minute (open time + 1 minute after now) is never requested or written. Minutes Bybit has no
/// candle for are reported as holes, never invented. Rate limits (HTTP 429, retCode 10006/10429), dropped
/// connections, timeouts and 5xx are retried (Polly), waiting until Bybit's reset time when it gives one.
/// </summary>
internal sealed class KlineDownloader
{
    private const long MinuteMs = 60_000;

    private readonly BybitRestClient _client;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Creates the downloader; <paramref name="onRetry"/> hears each retry as one line (what failed, which attempt, how long the wait is).</summary>
    public KlineDownloader(BybitRestClient client, TimeProvider time, DownloadRetry retry, Action<string> onRetry)
    {
        _client = client;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.InitialDelay,
                MaxDelay = retry.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(RateLimitDelay(args.Outcome.Exception, retry.MaxDelay)),
                OnRetry = args =>
                {
                    onRetry($"{args.Outcome.Exception?.Message}; retry {args.AttemptNumber + 1} of {retry.MaxAttempts - 1} in {args.RetryDelay.TotalSeconds:0.###} s");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The file name for a download: <c>bybit_linear_{SYMBOL}_1m_{from:yyyy-MM-dd}_{to:yyyy-MM-dd}.csv</c>.</summary>
    public static string FileName(string symbol, long fromMs, long toMs) =>
        $"bybit_linear_{symbol}_1m_{Day(fromMs)}_{Day(toMs)}.csv";

    /// <summary>
    /// Downloads candles with open time in [<paramref name="fromMs"/>, <paramref name="toMs"/>) (whole minutes) into
    /// <paramref name="path"/>. <paramref name="onProgress"/> gets (minutes done, minutes in all).
    /// </summary>
    /// <exception cref="BybitApiException">Bybit refused the request for good (e.g. retCode 10001 for an unknown symbol).</exception>
    /// <exception cref="DataFormatException">A partial file from an earlier run cannot be read (the message says which line).</exception>
    public async Task<DownloadOutcome> DownloadAsync(string symbol, long fromMs, long toMs, string path, Action<long, long> onProgress, CancellationToken cancellationToken)
    {
        fromMs = Ceiling(fromMs);
        var formingOpen = Floor(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var lastOpen = Math.Min(Ceiling(toMs) - MinuteMs, formingOpen - MinuteMs);
        var total = lastOpen < fromMs ? 0 : ((lastOpen - fromMs) / MinuteMs) + 1;

        if (File.Exists(path))
        {
            onProgress(total, total);
            return Finish(symbol, path, fromMs, lastOpen, resumedFrom: null, alreadyComplete: true);
        }

        var part = path + ".part";
        var next = fromMs;
        long? resumedFrom = null;
        if (File.Exists(part))
        {
            var onDisk = ReadPartial(part);
            if (onDisk.Count > 0)
            {
                next = onDisk[^1].OpenTimeMs + MinuteMs;
                resumedFrom = next;
            }
        }

        onProgress(Math.Min(total, Math.Max(0, (next - fromMs) / MinuteMs)), total);
        var rows = new StringBuilder();
        if (!File.Exists(part))
        {
            // the file appears with the first page, so a refused first request leaves nothing behind
            CandleCsvWriter.AppendHeader(rows);
        }

        while (next <= lastOpen)
        {
            var end = Math.Min(next + ((BybitRestClient.MaxKlineLimit - 1) * MinuteMs), lastOpen);
            var page = await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Self._client.GetMinuteKlinesAsync(state.Symbol, state.Next, state.End, token).ConfigureAwait(false),
                (Self: this, Symbol: symbol, Next: next, End: end),
                cancellationToken).ConfigureAwait(false);

            // the client keeps [next, end]; end is before the forming minute, so nothing forming gets here
            foreach (var candle in page)
            {
                CandleCsvWriter.AppendRow(rows, candle);
            }

            await AppendAsync(part, rows, cancellationToken).ConfigureAwait(false);
            next = end + MinuteMs;
            onProgress((next - fromMs) / MinuteMs, total);
        }

        await AppendAsync(part, rows, cancellationToken).ConfigureAwait(false);
        File.Move(part, path);
        return Finish(symbol, path, fromMs, lastOpen, resumedFrom, alreadyComplete: false);
    }

    /// <summary>Open times with no candle in [<paramref name="fromMs"/>, <paramref name="lastOpenMs"/>], as holes (end exclusive).</summary>
    internal static IReadOnlyList<CandleGap> Holes(IReadOnlyList<Candle> candles, long fromMs, long lastOpenMs)
    {
        var holes = new List<CandleGap>();
        var expected = fromMs;
        foreach (var c in candles)
        {
            if (c.OpenTimeMs > expected)
            {
                holes.Add(new CandleGap(expected, c.OpenTimeMs));
            }

            expected = c.OpenTimeMs + MinuteMs;
        }

        if (expected <= lastOpenMs)
        {
            holes.Add(new CandleGap(expected, lastOpenMs + MinuteMs));
        }

        return holes;
    }

    private static DownloadOutcome Finish(string symbol, string path, long fromMs, long lastOpen, long? resumedFrom, bool alreadyComplete)
    {
        var candles = CandleCsvReader.ReadFile(path);
        var inRange = candles.Where(c => c.OpenTimeMs >= fromMs && c.OpenTimeMs <= lastOpen).ToList();
        return new DownloadOutcome(symbol, path, candles.Count, resumedFrom, alreadyComplete, lastOpen, Holes(inRange, fromMs, lastOpen));
    }

    /// <summary>Appends <paramref name="rows"/> (then clears it) and flushes, so a crash loses at most the page being written.</summary>
    private static async Task AppendAsync(string part, StringBuilder rows, CancellationToken token)
    {
        if (rows.Length == 0 && File.Exists(part))
        {
            return;
        }

        await using var stream = new FileStream(part, FileMode.Append, FileAccess.Write, FileShare.Read);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(rows.ToString()), token).ConfigureAwait(false);
        await stream.FlushAsync(token).ConfigureAwait(false);
        rows.Clear();
    }

    /// <summary>Reads an earlier run's partial file, first cutting a row a crash left half-written.</summary>
    private static IReadOnlyList<Candle> ReadPartial(string part)
    {
        var bytes = File.ReadAllBytes(part);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (complete < bytes.Length)
        {
            using var stream = new FileStream(part, FileMode.Open, FileAccess.Write);
            stream.SetLength(complete);
        }

        return CandleCsvReader.ReadFile(part);
    }

    private static bool IsTransient(Exception? ex, CancellationToken token) => ex switch
    {
        BybitRateLimitException => true,
        BybitApiException api => api.RetCode == BybitApiException.ServerError,
        HttpRequestException http => http.StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout,
        IOException => true,
        OperationCanceledException => !token.IsCancellationRequested, // HttpClient's timeout, not the user's Ctrl+C
        _ => false,
    };

    private TimeSpan? RateLimitDelay(Exception? ex, TimeSpan max)
    {
        if (ex is not BybitRateLimitException limit)
        {
            return null;
        }

        if (limit.ResetAtMs is { } reset)
        {
            var wait = TimeSpan.FromMilliseconds(reset - _time.GetUtcNow().ToUnixTimeMilliseconds());
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
        }

        return limit.RetryAfter is { } after ? (after > max ? max : after) : null;
    }

    private static long Floor(long ms) => ms - (((ms % MinuteMs) + MinuteMs) % MinuteMs);

    private static long Ceiling(long ms) => Floor(ms + MinuteMs - 1);

    private static string Day(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

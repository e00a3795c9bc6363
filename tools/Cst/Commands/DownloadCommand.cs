using System.Globalization;
using CryptoSignalTracker.Cli.Download;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Exchanges.Bybit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>
/// <c>cst download</c>: Bybit v5 1-minute klines (category linear) into one CSV per symbol that <c>cst backtest</c>
/// reads, resuming an interrupted run from disk, reporting holes, plus each symbol's tick size and quantity step
/// in <c>instruments.json</c> beside them.
/// </summary>
public sealed class DownloadCommand : Command<DownloadSettings>
{
    /// <summary>The clock deciding which minute is still forming (tests set it).</summary>
    internal static TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Retry settings (tests shorten the waits).</summary>
    internal static DownloadRetry Retry { get; set; } = new();

    /// <inheritdoc />
    public override int Execute(CommandContext context, DownloadSettings settings, CancellationToken cancellationToken)
    {
        var symbols = (settings.Symbols ?? throw new CliException("give --symbols, e.g. --symbols BTCUSDT,ETHUSDT", 2))
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Normalize).Distinct(StringComparer.Ordinal).ToList();
        var from = CandleFiles.ParseTime(settings.From, "--from") ?? throw new CliException("give --from, e.g. --from 2025-01-01", 2);
        var to = CandleFiles.ParseTime(settings.To, "--to") ?? throw new CliException("give --to, e.g. --to 2025-02-01", 2);
        if (to <= from)
        {
            throw new CliException($"--to {WireNames.Time(to)} must be after --from {WireNames.Time(from)}", 2);
        }

        if (!Uri.TryCreate(settings.BybitRestUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--bybit-rest-url '{settings.BybitRestUrl}' is not an http(s) URL", 2);
        }

        Directory.CreateDirectory(settings.Out);
        using var http = new HttpClient { Timeout = Retry.RequestTimeout };
        var client = new BybitRestClient(http, baseUrl);
        var downloader = new KlineDownloader(client, Clock, Retry, line => Console.Error.WriteLine($"cst: warning: {line}"));
        var outcomes = new List<DownloadOutcome>();
        try
        {
            if (Console.IsOutputRedirected)
            {
                foreach (var symbol in symbols)
                {
                    outcomes.Add(Download(downloader, symbol, from, to, settings.Out, (_, _) => { }, cancellationToken));
                }
            }
            else
            {
                CliConsole.Create().Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        foreach (var symbol in symbols)
                        {
                            var task = ctx.AddTask(symbol);
                            outcomes.Add(Download(downloader, symbol, from, to, settings.Out, (done, total) =>
                            {
                                task.MaxValue = Math.Max(1, total);
                                task.Value = done;
                            }, cancellationToken));
                        }
                    });
            }
        }
        catch (BybitApiException ex)
        {
            throw new CliException(ex.Message, 1, ex);
        }
        catch (Exception ex) when (ex is BybitRateLimitException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"download stopped: {ex.Message}; what was fetched is kept, run the same command again to resume", 1, ex);
        }

        foreach (var o in outcomes)
        {
            foreach (var hole in o.Holes)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"cst: warning: {o.Symbol}: Bybit has no candles from {WireNames.Time(hole.StartMs)} to {WireNames.Time(hole.EndMs)} ({(hole.EndMs - hole.StartMs) / 60_000} minute(s)); left as a hole, not filled"));
            }

            var how = o.AlreadyComplete ? "already complete" : o.ResumedFromMs is { } r ? $"resumed at {WireNames.Time(r)}" : "downloaded";
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{o.Symbol}: {o.Candles} candles to {WireNames.Time(o.LastOpenMs)} in {o.Path} ({how}; {o.Holes.Count} hole(s), {o.Holes.Sum(h => (h.EndMs - h.StartMs) / 60_000)} minute(s) missing)"));
        }

        WriteInstruments(client, symbols, settings.Out, cancellationToken);
        return 0;
    }

    private static DownloadOutcome Download(KlineDownloader downloader, string symbol, long from, long to, string dir, Action<long, long> progress, CancellationToken token)
    {
        var path = Path.Combine(dir, KlineDownloader.FileName(symbol, from, to));
        try
        {
            return downloader.DownloadAsync(symbol, from, to, path, progress, token).GetAwaiter().GetResult();
        }
        catch (DataFormatException ex)
        {
            throw new CliException($"{ex.Message} (a partial file from an earlier run; delete it to start over)", 1, ex);
        }
    }

    /// <summary>Fetches tick size and quantity step; a failure here is a warning, the candles are already on disk.</summary>
    private static void WriteInstruments(BybitRestClient client, IReadOnlyList<string> symbols, string dir, CancellationToken token)
    {
        var specs = new List<InstrumentSpec>();
        foreach (var symbol in symbols)
        {
            try
            {
                specs.Add(client.GetInstrumentAsync(symbol, token).GetAwaiter().GetResult());
            }
            catch (Exception ex) when (ex is InvalidDataException or HttpRequestException or BybitRateLimitException or IOException)
            {
                Console.Error.WriteLine($"cst: warning: {symbol}: no tick size/quantity step: {ex.Message}");
            }
        }

        if (specs.Count > 0)
        {
            var path = Path.Combine(dir, InstrumentsFile.FileName);
            InstrumentsFile.Merge(path, specs);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tick size and quantity step of {string.Join(", ", specs.Select(s => $"{s.Symbol} {WireNames.Number(s.TickSize)}/{WireNames.Number(s.QtyStep)}"))} in {path}"));
        }
    }

    private static string Normalize(string symbol)
    {
        try
        {
            return Symbols.Normalize(symbol);
        }
        catch (FormatException ex)
        {
            throw new CliException(ex.Message, 2, ex);
        }
    }
}

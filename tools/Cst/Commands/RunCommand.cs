using System.Globalization;
using System.Runtime.InteropServices;
using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Cli.Run;
using CryptoSignalTracker.Cli.Run.Status;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Dashboard;
using CryptoSignalTracker.Dashboard.Status;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Exchanges.Macro;
using CryptoSignalTracker.Functions.Ingestor;
using CryptoSignalTracker.Functions.LogicEngine;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Local;
using CryptoSignalTracker.Telegram.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>
/// <c>cst run</c>: the whole pipeline in one process. Live (default): Bybit trades → Ingestor → Aggregator →
/// LogicEngine, the macro engine on Kraken every few minutes, alerts on the console or Telegram. Replay: candle or
/// trade files through the same stages as fast as possible (or <c>--speed N</c>), the macro rules on 5m/4h candles
/// resampled from the replayed data exactly as in <c>cst backtest</c>, so the signals and exits are the backtest's.
/// </summary>
public sealed class RunCommand : AsyncCommand<RunSettings>
{
    /// <summary>Exit code of a replay stopped by Ctrl+C or SIGTERM before its end (128 + SIGINT, as shells report it).</summary>
    public const int InterruptedExitCode = 130;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var trading = BacktestCommand.LoadConfig(settings.Config);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Ctrl+C and SIGTERM (what `kill`, systemd and docker send) both stop the run the same way: drain, then exit.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var view = RunDisplay.ShowsStatusView(settings, Console.IsOutputRedirected);
        var terminal = view ? CliConsole.Create() : null;
        using var above = terminal is null ? null : new ConsoleLineWriter(terminal);
        await using var logFile = RunDisplay.OpenLog(settings.Log);
        using var loggers = RunDisplay.Loggers(settings, above, logFile);
        IRunOutput output = new PlainRunOutput(Console.Out, loggers);
        var temporaryDb = settings.IsReplay && settings.Db is null && settings.Backend == "embedded"
            ? Path.Combine(Path.GetTempPath(), $"cst-run-{Guid.NewGuid():N}.db")
            : null;
        try
        {
            if (!settings.IsReplay)
            {
                return await LiveAsync(settings, trading, loggers, terminal, above, stop.Token).ConfigureAwait(false);
            }

            var replay = new ReplayRunner(
                settings, trading, Configuration(settings, settings.Db ?? temporaryDb), settings.Db is { } db ? $"--db {db}" : "the backend", loggers, output)
            {
                Started = settings.Dashboard is { IsSet: true } dashboard
                    ? async (pipeline, symbols, ct) => await RunDashboard.StartAsync(
                        RunDashboard.Sources(pipeline, symbols, trading, DashboardMode.Replay), dashboard.Value, "--dashboard", loggers, Console.Out, ct).ConfigureAwait(false)
                    : null,
            };
            try
            {
                return await replay.RunAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                var (entries, exits) = replay.Counts;
                await output.LineAsync(
                    string.Create(CultureInfo.InvariantCulture, $"replay stopped at {(replay.ReachedMs > 0 ? WireNames.Time(replay.ReachedMs) : "the start")}: {entries} signals, {exits} exits so far"),
                    CancellationToken.None).ConfigureAwait(false);
                return InterruptedExitCode;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !settings.IsReplay)
        {
            return 0; // stopped while starting: nothing to drain
        }
        finally
        {
            if (temporaryDb is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(temporaryDb + suffix);
                }
            }
        }

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true; // no default handling (which would end the process with 130 / 143 before the drain)
            stop.Cancel();
        }
    }

    private static async Task<int> LiveAsync(
        RunSettings settings, TradingConfig trading, ILoggerFactory loggers, IAnsiConsole? terminal, TextWriter? above, CancellationToken cancellationToken)
    {
        // The Ingestor's and the LogicEngine's own settings (SYMBOLS, Bybit:*, Ingestor:*, Logic:*), the flags over the environment.
        var configuration = Configuration(settings, settings.Db ?? "cst-run.db");
        var (stream, ingest, options, lease) = CliSettings.Read(
            services => services.AddIngestorSettings(configuration).AddLogicEngineSettings(configuration),
            sp => (sp.GetRequiredService<BybitStreamOptions>(), sp.GetRequiredService<IngestorOptions>(), sp.GetRequiredService<LiveEngineOptions>(), sp.GetRequiredService<WriterLeaseOptions>()));
        var symbols = options.Symbols;
        await using var signalsOut = JsonLinesWriter.Open(settings.SignalsOut, "--signals-out");
        await using var tradesOut = JsonLinesWriter.Open(settings.TradesOut, "--trades-out");
        RunStatusCollector? status = null;
        await using var pipeline = await LocalPipeline.StartAsync(configuration, trading, options, (m, _) =>
        {
            status?.Published(m);
            if (m.Type == TradeSignalMessageType.Entry)
            {
                signalsOut?.Write(m.Signal!);
            }
            else
            {
                tradesOut?.Write(m.Trade!);
            }

            return Task.CompletedTask;
        }, loggers, cancellationToken, MacroHistory(settings, loggers), lease).ConfigureAwait(false);

        var alerts = above ?? Console.Out;
        await using var bot = await StartBotAsync(pipeline, trading, symbols, loggers, alerts, cancellationToken).ConfigureAwait(false);
        await using var dashboard = settings.Dashboard is { IsSet: true } listen
            ? await RunDashboard.StartAsync(RunDashboard.Sources(pipeline, symbols, trading, DashboardMode.Live), listen.Value, "--dashboard", loggers, alerts, cancellationToken).ConfigureAwait(false)
            : null;

        var ingestor = new TradeIngestor(symbols, pipeline.CountingBus(), new BybitRestClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, new Uri(stream.RestUrl)),
            ingest, TimeProvider.System, loggers.CreateLogger<TradeIngestor>());
        ingestor.ResumeFrom(await IngestorResume.ReadAsync(pipeline.Port<IStateStore>(), pipeline.Port<ICandleStore>(), symbols, cancellationToken).ConfigureAwait(false));
        var bybit = new BybitPublicTradeStream(stream, TimeProvider.System, loggers.CreateLogger<BybitPublicTradeStream>());
        await alerts.WriteLineAsync($"cst run: live from {stream.Url} for {string.Join(",", symbols)}; alerts {(bot.Mode == LocalBotMode.Telegram ? "to Telegram" : "printed here")}; Ctrl+C stops").ConfigureAwait(false);
        var macro = MacroLoop.Start(settings, symbols, pipeline, loggers, cancellationToken);
        Task viewLoop = Task.CompletedTask;
        if (terminal is not null)
        {
            status = new RunStatusCollector(symbols, pipeline.Port<ICandleStore>(), pipeline.Port<IPositionBook>(), () => pipeline.Engine.Portfolio?.Equity, TimeProvider.System);
            viewLoop = RunDisplay.ShowAsync(terminal, status, cancellationToken);
        }

        try
        {
            await Task.WhenAll(bybit.RunAsync(ingestor, cancellationToken), FlushLoopAsync(ingestor, cancellationToken), viewLoop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C
        }
        catch (BybitSubscriptionException e)
        {
            throw new CliException($"Bybit refused the subscription: {e.Message}", 1);
        }
        finally
        {
            await ingestor.FlushAsync(final: true, CancellationToken.None).ConfigureAwait(false);
            await macro.ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The warm-up source of a new database's 4-hour EMA: Kraken (<c>--kraken-url</c>), else CryptoCompare (<c>--cryptocompare-url</c>).</summary>
    private static IMacroHistorySource MacroHistory(RunSettings settings, ILoggerFactory loggers) => MacroCandleFeed.Create(
        Url(settings.KrakenUrl, "--kraken-url"), Url(settings.CryptoCompareUrl, "--cryptocompare-url"),
        Environment.GetEnvironmentVariable("CRYPTOCOMPARE_API_KEY"), TimeSpan.FromSeconds(10), loggers.CreateLogger<MacroCandleFeed>());

    private static Uri? Url(string? text, string option) => text is null
        ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CliException($"{option} must be an http(s) URL, was '{text}'", 2);

    /// <summary>
    /// The local bot's settings: Telegram from the environment (<paramref name="variables"/>, default the process's), and
    /// charts that draw <paramref name="trading"/>'s strategy (the RSI period and thresholds of <c>--config</c>).
    /// </summary>
    internal static LocalBotSettings BotSettings(TradingConfig trading, Func<string, string?>? variables) =>
        LocalBotSettings.FromEnvironment(variables, new CandleChartOptions { Strategy = trading.Strategy });

    /// <summary>The Telegram bot (token and owners in the environment) or, without a token, alerts printed here.</summary>
    private static async Task<LocalBot> StartBotAsync(
        LocalPipeline pipeline, TradingConfig trading, IReadOnlyList<string> symbols, ILoggerFactory loggers, TextWriter alerts, CancellationToken cancellationToken)
    {
        try
        {
            return await LocalBot.StartAsync(BotSettings(trading, null), new LocalBotPorts
            {
                Bus = pipeline.Bus,
                State = pipeline.Port<IStateStore>(),
                Alerts = pipeline.Port<IAlertLog>(),
                Candles = pipeline.Port<ICandleStore>(),
                Positions = pipeline.Port<IPositionBook>(),
                Bias = pipeline.Port<IBiasStore>(),
                Status = new Functions.TelegramWebhook.CandleStorePipelineStatus(pipeline.Port<ICandleStore>(), pipeline.Port<IBiasStore>(), symbols, TimeProvider.System),
                Updates = pipeline.Port<IIdempotencyStore>(),
            }, alerts, loggers, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new CliException($"Telegram: {e.Message}", 2);
        }
    }

    private static async Task FlushLoopAsync(TradeIngestor ingestor, CancellationToken cancellationToken)
    {
        while (true)
        {
            await ingestor.WaitForWorkAsync(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            await ingestor.FlushAsync(final: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private static IConfiguration Configuration(RunSettings settings, string? db)
    {
        var values = new Dictionary<string, string?>
        {
            [PipelineBackend.BackendKey] = settings.Backend == "gcp" ? "google" : "embedded",
        };
        if (db is not null)
        {
            values[PipelineBackend.SqlitePathKey] = db;
        }

        // The flags the functions have as settings: SYMBOLS and the Ingestor's Bybit section.
        if (!string.IsNullOrWhiteSpace(settings.Symbols) && !settings.IsReplay)
        {
            values[SymbolsSetting.Key] = settings.Symbols;
        }

        if (settings.BybitUrl is not null)
        {
            values[$"{BybitStreamOptions.Section}:{nameof(BybitStreamOptions.Url)}"] = settings.BybitUrl;
        }

        if (settings.BybitRestUrl is not null)
        {
            values[$"{BybitStreamOptions.Section}:{nameof(BybitStreamOptions.RestUrl)}"] = settings.BybitRestUrl;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(values).Build();
        bool google;
        try
        {
            google = PipelineBackend.UsesGoogle(configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"--backend gcp: {e.Message} (and PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST for the emulators)", 2);
        }

        if (!google && db is not null)
        {
            // Before anything starts: a database that cannot be opened or written ends the run here, in one line, instead
            // of a stack trace or messages redelivered for ever.
            try
            {
                _ = new SqliteDatabase(db);
            }
            catch (StoreException e)
            {
                throw new CliException($"--db {db}: {e.Message}", 1);
            }
        }

        return configuration;
    }
}

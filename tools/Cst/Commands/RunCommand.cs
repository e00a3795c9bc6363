using System.Globalization;
using CryptoSignalTracker.Cli.Run;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Ingestor;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Local;
using CryptoSignalTracker.Telegram.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
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
    private const long MinuteMs = 60_000;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var trading = BacktestCommand.LoadConfig(settings.Config);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("CryptoSignalTracker", settings.IsReplay ? LogLevel.Warning : LogLevel.Information));
        var temporaryDb = settings.IsReplay && settings.Db is null && settings.Backend == "embedded"
            ? Path.Combine(Path.GetTempPath(), $"cst-run-{Guid.NewGuid():N}.db")
            : null;
        try
        {
            return settings.IsReplay
                ? await ReplayAsync(settings, trading, temporaryDb, loggers, stop.Token).ConfigureAwait(false)
                : await LiveAsync(settings, trading, loggers, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            if (temporaryDb is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(temporaryDb + suffix);
                }
            }
        }
    }

    private static async Task<int> ReplayAsync(RunSettings settings, TradingConfig trading, string? db, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var console = Console.Out;
        var formatter = new ConsoleAlertChannel(console, new AlertFormatter(new AlertFormatOptions()), loggers.CreateLogger<ConsoleAlertChannel>());
        await using var signalsOut = JsonLinesWriter.Open(settings.SignalsOut, "--signals-out");
        await using var tradesOut = JsonLinesWriter.Open(settings.TradesOut, "--trades-out");
        var entries = 0;
        var exits = 0;
        async Task Published(TradeSignalMessage message, CancellationToken ct)
        {
            if (message.Type == TradeSignalMessageType.Entry)
            {
                entries++;
                signalsOut?.Write(message.Signal!);
                await formatter.WriteAsync(SignalNotification.ForEntry(message.Signal!, message.Bias), ct).ConfigureAwait(false);
            }
            else
            {
                exits++;
                tradesOut?.Write(message.Trade!);
                await formatter.WriteAsync(SignalNotification.ForExit(message.Trade!), ct).ConfigureAwait(false);
            }
        }

        if (settings.ReplayCandles.Length > 0)
        {
            var series = CandleFiles.Load(settings.ReplayCandles, settings.Symbols);
            var options = new LiveEngineOptions { Symbols = [.. series.Select(s => s.Symbol)], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };
            await using var pipeline = await LocalPipeline.StartAsync(Configuration(settings, db), trading, options, Published, loggers, cancellationToken).ConfigureAwait(false);
            await ReplayCandlesAsync(pipeline, series, settings.Speed, cancellationToken).ConfigureAwait(false);
            await pipeline.Engine.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var trades = settings.ReplayTrades.Select(f => CandleFiles.ReadTrades(f, CandleFiles.SymbolFromFileName(f))).ToList();
            var symbols = trades.SelectMany(t => t.Select(x => x.Symbol)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (symbols.Count == 0)
            {
                throw new CliException("--replay-trades: the files hold no trades", 2);
            }

            var options = new LiveEngineOptions { Symbols = symbols, ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };
            await using var pipeline = await LocalPipeline.StartAsync(Configuration(settings, db), trading, options, Published, loggers, cancellationToken).ConfigureAwait(false);
            await ReplayTradesAsync(pipeline, symbols, trades, settings.Speed, loggers, cancellationToken).ConfigureAwait(false);
            await pipeline.Engine.FinishAsync(cancellationToken).ConfigureAwait(false);
        }

        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"replay done: {entries} signals, {exits} exits")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Each candle is stored, then its candles-1m event published, in the backtester's order (one ordering key keeps the order).</summary>
    private static async Task ReplayCandlesAsync(LocalPipeline pipeline, IReadOnlyList<SymbolSeries> series, double speed, CancellationToken cancellationToken)
    {
        var candles = pipeline.Port<ICandleStore>();
        foreach (var s in series)
        {
            await candles.WriteAsync(s.Symbol, s.Candles, cancellationToken).ConfigureAwait(false);
        }

        var pacer = new ReplayPacer(speed);
        foreach (var (symbol, candle) in series.SelectMany(s => s.Candles.Select(c => (s.Symbol, Candle: c)))
                     .OrderBy(x => x.Candle.OpenTimeMs).ThenBy(x => x.Symbol, StringComparer.Ordinal))
        {
            await pacer.WaitUntilAsync(candle.OpenTimeMs + MinuteMs, cancellationToken).ConfigureAwait(false);
            var message = RawTickMessageCodec.Encode(new CandleClosed(symbol, candle, CandleClosedSource.Kline));
            await pipeline.PublishAsync(PipelineTopics.Candles, new BusMessage(message.Data, message.Attributes, "replay"), cancellationToken).ConfigureAwait(false);
        }

        await pipeline.WaitSettledAsync(PipelineTopics.Candles, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Trades go to the Ingestor as the websocket would hand them over, on a clock that follows the trades.</summary>
    private static async Task ReplayTradesAsync(LocalPipeline pipeline, IReadOnlyList<string> symbols, List<IReadOnlyList<Trade>> files, double speed, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var clock = new ReplayClock();
        var ingestor = new TradeIngestor(symbols, pipeline.CountingBus(), new BybitRestClient(new HttpClient(), new Uri(BybitStreamOptions.DefaultRestUrl)),
            new IngestorOptions(), clock, loggers.CreateLogger<TradeIngestor>());
        var trades = files.SelectMany(t => t).OrderBy(t => t.TimeMs).ToList();
        var pacer = new ReplayPacer(speed);
        var batch = new List<Trade>();
        var second = long.MinValue;
        foreach (var trade in trades)
        {
            var tradeSecond = trade.TimeMs / 1000;
            if (tradeSecond != second && batch.Count > 0)
            {
                await FeedAsync(batch).ConfigureAwait(false);
            }

            second = tradeSecond;
            batch.Add(trade);
        }

        if (batch.Count > 0)
        {
            await FeedAsync(batch).ConfigureAwait(false);
        }

        // Let the last minute close, then wait for the Aggregator and the LogicEngine.
        clock.Set(trades.Count == 0 ? 0 : trades[^1].TimeMs + (2 * MinuteMs));
        await ingestor.FlushAsync(final: false, cancellationToken).ConfigureAwait(false);
        await pipeline.WaitSettledAsync(PipelineTopics.RawTicks, cancellationToken).ConfigureAwait(false);
        await pipeline.WaitSettledAsync(PipelineTopics.Candles, cancellationToken).ConfigureAwait(false);
        await pipeline.Engine.FlushAsync(cancellationToken).ConfigureAwait(false);

        async Task FeedAsync(List<Trade> chunk)
        {
            var nowMs = chunk[^1].TimeMs;
            await pacer.WaitUntilAsync(nowMs, cancellationToken).ConfigureAwait(false);
            clock.Set(nowMs);
            ingestor.OnTrades([.. chunk], nowMs);
            chunk.Clear();
            await ingestor.FlushAsync(final: false, cancellationToken).ConfigureAwait(false);

            // One minute at a time through the Aggregator, so the LogicEngine sees the minutes in order.
            await pipeline.WaitSettledAsync(PipelineTopics.RawTicks, cancellationToken).ConfigureAwait(false);
            await pipeline.WaitSettledAsync(PipelineTopics.Candles, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> LiveAsync(RunSettings settings, TradingConfig trading, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var symbols = string.IsNullOrWhiteSpace(settings.Symbols)
            ? [.. Symbols.Default]
            : settings.Symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).ToList();
        var stream = new BybitStreamOptions { Symbols = symbols, Url = settings.BybitUrl ?? BybitStreamOptions.DefaultUrl, RestUrl = settings.BybitRestUrl ?? BybitStreamOptions.DefaultRestUrl };
        try
        {
            stream.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, 2);
        }

        await using var signalsOut = JsonLinesWriter.Open(settings.SignalsOut, "--signals-out");
        await using var tradesOut = JsonLinesWriter.Open(settings.TradesOut, "--trades-out");
        var options = new LiveEngineOptions { Symbols = symbols };
        var configuration = Configuration(settings, settings.Db ?? "cst-run.db");
        await using var pipeline = await LocalPipeline.StartAsync(configuration, trading, options, (m, _) =>
        {
            if (m.Type == TradeSignalMessageType.Entry)
            {
                signalsOut?.Write(m.Signal!);
            }
            else
            {
                tradesOut?.Write(m.Trade!);
            }

            return Task.CompletedTask;
        }, loggers, cancellationToken).ConfigureAwait(false);

        await using var bot = await StartBotAsync(pipeline, symbols, loggers, cancellationToken).ConfigureAwait(false);

        var ingestor = new TradeIngestor(symbols, pipeline.CountingBus(), new BybitRestClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, new Uri(stream.RestUrl)),
            new IngestorOptions(), TimeProvider.System, loggers.CreateLogger<TradeIngestor>());
        var bybit = new BybitPublicTradeStream(stream, TimeProvider.System, loggers.CreateLogger<BybitPublicTradeStream>());
        await Console.Out.WriteLineAsync($"cst run: live from {stream.Url} for {string.Join(",", symbols)}; alerts {(bot.Mode == LocalBotMode.Telegram ? "to Telegram" : "printed here")}; Ctrl+C stops").ConfigureAwait(false);
        var macro = MacroLoop.Start(settings, symbols, pipeline, loggers, cancellationToken);
        try
        {
            await Task.WhenAll(bybit.RunAsync(ingestor, cancellationToken), FlushLoopAsync(ingestor, cancellationToken)).ConfigureAwait(false);
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

    /// <summary>The Telegram bot (token and owners in the environment) or, without a token, alerts printed here.</summary>
    private static async Task<LocalBot> StartBotAsync(LocalPipeline pipeline, IReadOnlyList<string> symbols, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            return await LocalBot.StartAsync(LocalBotSettings.FromEnvironment(), new LocalBotPorts
            {
                Bus = pipeline.Bus,
                State = pipeline.Port<IStateStore>(),
                Alerts = pipeline.Port<IAlertLog>(),
                Candles = pipeline.Port<ICandleStore>(),
                Positions = pipeline.Port<IPositionBook>(),
                Bias = pipeline.Port<IBiasStore>(),
                Status = new Functions.TelegramWebhook.CandleStorePipelineStatus(pipeline.Port<ICandleStore>(), pipeline.Port<IBiasStore>(), symbols, TimeProvider.System),
                Updates = pipeline.Port<IIdempotencyStore>(),
            }, Console.Out, loggers, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new CliException($"Telegram: {e.Message}", 2);
        }
    }

    private static async Task FlushLoopAsync(TradeIngestor ingestor, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
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

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(values).Build();
        try
        {
            PipelineBackend.UsesGoogle(configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"--backend gcp: {e.Message} (and PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST for the emulators)", 2);
        }

        return configuration;
    }
}

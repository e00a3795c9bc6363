using System.Globalization;
using CryptoSignalTracker.Cli.Commands;
using CryptoSignalTracker.Core.Aggregation;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Ingestor;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>
/// <c>cst run --replay-candles / --replay-trades</c>: files through the live pipeline's own stages, as fast as possible or
/// <c>--speed N</c>. A replay never contacts the network, never continues state it did not make (a store that already
/// holds decided minutes is refused), and treats a quiet run longer than <see cref="CandleAggregatorOptions.MaxFilledGap"/>
/// as a hole, as <c>cst aggregate</c> does (the same rule, <see cref="CandleAggregatorOptions.IsHole"/>), and skips
/// it instead of waiting it out.
/// </summary>
internal sealed class ReplayRunner
{
    private const long MinuteMs = 60_000;
    private static readonly CandleAggregatorOptions HoleRule = new();

    /// <summary>
    /// A replay's stages write their health records at most once a second (SQLite, or the emulator): its clock runs at
    /// <c>--speed</c>, so the live interval would leave a watched replay's records hours of data behind.
    /// </summary>
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(1);

    /// <summary>What the Ingestor's and Aggregator's records say in a candle replay, where the files stand in for both.</summary>
    public const string CandleFilesNote = "stood in for by the replay of candle files";

    private readonly RunSettings _settings;
    private readonly TradingConfig _trading;
    private readonly IConfiguration _configuration;
    private readonly string _store;
    private readonly ILoggerFactory _loggers;
    private readonly IRunOutput _output;

    /// <param name="settings">The command line.</param>
    /// <param name="trading">Strategy, macro and risk settings.</param>
    /// <param name="configuration">The backend to run on.</param>
    /// <param name="store">How to name that backend's state in a refusal (<c>--db FILE</c>, or the Google project).</param>
    /// <param name="loggers">Log sinks.</param>
    /// <param name="output">Where alerts and progress go.</param>
    public ReplayRunner(RunSettings settings, TradingConfig trading, IConfiguration configuration, string store, ILoggerFactory loggers, IRunOutput output)
    {
        _settings = settings;
        _trading = trading;
        _configuration = configuration;
        _store = store;
        _loggers = loggers;
        _output = output;
    }

    /// <summary>Entries and exits so far.</summary>
    public (int Entries, int Exits) Counts => (_entries, _exits);

    /// <summary>The data time the replay has reached (Unix ms; 0 before the first candle or trade).</summary>
    public long ReachedMs { get; private set; }

    /// <summary>
    /// Called once the pipeline is up, before the first minute is replayed, with the pipeline and its symbols (the
    /// dashboard of <c>--dashboard</c>); what it returns is disposed when the replay ends.
    /// </summary>
    public Func<LocalPipeline, IReadOnlyList<string>, CancellationToken, Task<IAsyncDisposable>>? Started { get; init; }

    private int _entries;
    private int _exits;

    /// <summary>Runs the replay to its end; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var signalsOut = JsonLinesWriter.Open(_settings.SignalsOut, "--signals-out");
        await using var tradesOut = JsonLinesWriter.Open(_settings.TradesOut, "--trades-out");
        async Task Published(TradeSignalMessage message, CancellationToken ct)
        {
            if (message.Type == TradeSignalMessageType.Entry)
            {
                _entries++;
                signalsOut?.Write(message.Signal!);
            }
            else
            {
                _exits++;
                tradesOut?.Write(message.Trade!);
            }

            await _output.PublishedAsync(message, ct).ConfigureAwait(false);
        }

        if (_settings.ReplayCandles.Length > 0)
        {
            var series = CandleFiles.Load(_settings.ReplayCandles, _settings.Symbols);
            var options = new LiveEngineOptions { Symbols = [.. series.Select(s => s.Symbol)], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };
            await using var pipeline = await LocalPipeline.StartAsync(_configuration, _trading, options, Published, _loggers, cancellationToken, heartbeatEvery: HeartbeatEvery).ConfigureAwait(false);
            await RefuseDecidedStateAsync(pipeline, cancellationToken).ConfigureAwait(false);
            await using var started = await StartedAsync(pipeline, options.Symbols, cancellationToken).ConfigureAwait(false);
            await ReplayCandlesAsync(pipeline, series, cancellationToken).ConfigureAwait(false);
            await pipeline.Engine.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var trades = _settings.ReplayTrades.Select(f => CandleFiles.ReadTrades(f, CandleFiles.SymbolFromFileName(f))).ToList();
            var symbols = trades.SelectMany(t => t.Select(x => x.Symbol)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (symbols.Count == 0)
            {
                throw new CliException("--replay-trades: the files hold no trades", 2);
            }

            var options = new LiveEngineOptions { Symbols = symbols, ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero };
            await using var pipeline = await LocalPipeline.StartAsync(_configuration, _trading, options, Published, _loggers, cancellationToken, heartbeatEvery: HeartbeatEvery).ConfigureAwait(false);
            await RefuseDecidedStateAsync(pipeline, cancellationToken).ConfigureAwait(false);
            await using var started = await StartedAsync(pipeline, options.Symbols, cancellationToken).ConfigureAwait(false);
            await ReplayTradesAsync(pipeline, symbols, trades, cancellationToken).ConfigureAwait(false);
            await pipeline.Engine.FinishAsync(cancellationToken).ConfigureAwait(false);
        }

        await _output.LineAsync(string.Create(CultureInfo.InvariantCulture, $"replay done: {_entries} signals, {_exits} exits"), cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private async Task<IAsyncDisposable?> StartedAsync(LocalPipeline pipeline, IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
        Started is null ? null : await Started(pipeline, symbols, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A replay decides every minute of its files from the start. Into a store whose LogicEngine already decided minutes
    /// it would skip those minutes and carry on the old positions (a leftover file made a replay print "0 signals,
    /// 1 exits" where the backtest has 3): refused, saying how to start clean. The file is never deleted for the user.
    /// </summary>
    private async Task RefuseDecidedStateAsync(LocalPipeline pipeline, CancellationToken cancellationToken)
    {
        var watermark = await pipeline.Port<IStateStore>().GetAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, cancellationToken).ConfigureAwait(false);
        if (watermark is not null)
        {
            var decided = long.TryParse(watermark, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ? WireNames.Time(ms) : watermark;
            throw new CliException(
                $"{_store} already holds minutes decided up to {decided}; a replay into it would skip them and continue the old positions. " +
                (_settings.Db is { } db
                    ? $"Start clean: give another --db, or delete {db} (and {db}-wal, {db}-shm)"
                    : "Start clean: use a fresh project or emulator"),
                2);
        }
    }

    /// <summary>Each candle is stored, then its candles-1m event published, in the backtester's order (one ordering key keeps the order).</summary>
    private async Task ReplayCandlesAsync(LocalPipeline pipeline, IReadOnlyList<SymbolSeries> series, CancellationToken cancellationToken)
    {
        var candles = pipeline.Port<ICandleStore>();
        foreach (var s in series)
        {
            await candles.WriteAsync(s.Symbol, s.Candles, cancellationToken).ConfigureAwait(false);
        }

        var pacer = new ReplayPacer(_settings.Speed);
        var ingestor = pipeline.Stage(PipelineStages.Ingestor, CandleFilesNote);
        var aggregator = pipeline.Stage(PipelineStages.Aggregator, CandleFilesNote);
        long? previous = null;
        foreach (var (symbol, candle) in series.SelectMany(s => s.Candles.Select(c => (s.Symbol, Candle: c)))
                     .OrderBy(x => x.Candle.OpenTimeMs).ThenBy(x => x.Symbol, StringComparer.Ordinal))
        {
            if (previous is { } last && HoleRule.IsHole(last, candle.OpenTimeMs))
            {
                pacer = new ReplayPacer(_settings.Speed); // a hole is skipped, not waited out
            }

            previous = candle.OpenTimeMs;
            await pacer.WaitUntilAsync(candle.OpenTimeMs + MinuteMs, cancellationToken).ConfigureAwait(false);
            ReachedMs = candle.OpenTimeMs + MinuteMs;
            var message = RawTickMessageCodec.Encode(new CandleClosed(symbol, candle, CandleClosedSource.Kline));
            await pipeline.PublishAsync(PipelineTopics.Candles, new BusMessage(message.Data, message.Attributes, "replay"), cancellationToken).ConfigureAwait(false);
            ingestor.Event(candle.OpenTimeMs + MinuteMs);
            aggregator.Event(candle.OpenTimeMs + MinuteMs);
        }

        await pipeline.WaitSettledAsync(PipelineTopics.Candles, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Trades go to the Ingestor as the websocket would hand them over, on a clock that follows the trades. A quiet run
    /// longer than the aggregator's fill limit ends the Ingestor's session; the next trade starts a new one, so the hole
    /// gets no candles (live, the Ingestor would close every quiet minute with a flat candle).
    /// </summary>
    private async Task ReplayTradesAsync(LocalPipeline pipeline, IReadOnlyList<string> symbols, List<IReadOnlyList<Trade>> files, CancellationToken cancellationToken)
    {
        var trades = files.SelectMany(t => t).OrderBy(t => t.TimeMs).ToList();
        var session = NewSession(pipeline, symbols);
        var batch = new List<Trade>();
        var second = long.MinValue;
        foreach (var trade in trades)
        {
            var tradeSecond = trade.TimeMs / 1000;
            if (tradeSecond != second && batch.Count > 0)
            {
                var lastMinute = Floor(batch[^1].TimeMs);
                await FeedAsync(pipeline, session, batch, cancellationToken).ConfigureAwait(false);
                if (HoleRule.IsHole(lastMinute, Floor(trade.TimeMs)))
                {
                    await EndSessionAsync(pipeline, session, lastMinute, cancellationToken).ConfigureAwait(false);
                    session = NewSession(pipeline, symbols);
                }
            }

            second = tradeSecond;
            batch.Add(trade);
        }

        if (batch.Count > 0)
        {
            var lastMinute = Floor(batch[^1].TimeMs);
            await FeedAsync(pipeline, session, batch, cancellationToken).ConfigureAwait(false);
            await EndSessionAsync(pipeline, session, lastMinute, cancellationToken).ConfigureAwait(false);
        }

        await pipeline.Engine.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private Session NewSession(LocalPipeline pipeline, IReadOnlyList<string> symbols)
    {
        var clock = new ReplayClock();
        var ingestor = new TradeIngestor(symbols, pipeline.CountingBus(), NoNetwork.BybitRest(), new IngestorOptions { FirstMinuteJoinedMidway = false }, clock, _loggers.CreateLogger<TradeIngestor>());
        return new Session(ingestor, clock, new ReplayPacer(_settings.Speed));
    }

    private async Task FeedAsync(LocalPipeline pipeline, Session session, List<Trade> chunk, CancellationToken cancellationToken)
    {
        var nowMs = chunk[^1].TimeMs;
        await session.Pacer.WaitUntilAsync(nowMs, cancellationToken).ConfigureAwait(false);
        session.Clock.Set(nowMs);
        ReachedMs = nowMs;
        session.Ingestor.OnTrades([.. chunk], nowMs);
        chunk.Clear();
        await session.Ingestor.FlushAsync(final: false, cancellationToken).ConfigureAwait(false);

        // One minute at a time through the Aggregator, so the LogicEngine sees the minutes in order.
        await pipeline.WaitSettledAsync(PipelineTopics.RawTicks, cancellationToken).ConfigureAwait(false);
        await pipeline.WaitSettledAsync(PipelineTopics.Candles, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lets the session's last minute close (its clock moves past the close grace), then waits for the Aggregator and the LogicEngine.</summary>
    private static async Task EndSessionAsync(LocalPipeline pipeline, Session session, long lastMinuteMs, CancellationToken cancellationToken)
    {
        session.Clock.Set(lastMinuteMs + (2 * MinuteMs));
        await session.Ingestor.FlushAsync(final: false, cancellationToken).ConfigureAwait(false);
        await pipeline.WaitSettledAsync(PipelineTopics.RawTicks, cancellationToken).ConfigureAwait(false);
        await pipeline.WaitSettledAsync(PipelineTopics.Candles, cancellationToken).ConfigureAwait(false);
    }

    private static long Floor(long ms) => ms - (((ms % MinuteMs) + MinuteMs) % MinuteMs);

    private sealed record Session(TradeIngestor Ingestor, ReplayClock Clock, ReplayPacer Pacer);
}

using System.Diagnostics;
using CryptoSignalTracker.Cli.Run;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Exchanges.Bybit;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Functions.Ingestor;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>
/// One <c>cst run</c> pipeline (<see cref="LocalPipeline"/> on the embedded backend: in-process bus, SQLite in a temp
/// file; TradeIngestor → raw-tick-data-bybit → CandleAssembler → candles-1m → LiveEngine → trade-signals-micro) whose
/// LiveEngine has decided every minute before the signal minute and whose Ingestor is on the signal minute, ready for
/// its trades. Each instance owns a copy of a template database, so every timed minute starts from the same state.
/// </summary>
internal sealed class PreparedPipeline : IAsyncDisposable
{
    private const long MinuteMs = 60_000;
    private const string BybitRestUrl = "http://127.0.0.1:9/";

    private readonly LocalPipeline _pipeline;
    private readonly string _path;
    private readonly TaskCompletionSource<(long Timestamp, Signal Signal)> _entry;

    private PreparedPipeline(LocalPipeline pipeline, string path, TaskCompletionSource<(long, Signal)> entry, TradeIngestor ingestor, FakeTimeProvider clock)
    {
        _pipeline = pipeline;
        _path = path;
        _entry = entry;
        Ingestor = ingestor;
        Clock = clock;
    }

    /// <summary>The Ingestor, on the exchange clock <see cref="Clock"/>.</summary>
    public TradeIngestor Ingestor { get; }

    /// <summary>The Ingestor's clock.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the LiveEngine published the first ENTRY, and that signal.</summary>
    public Task<(long Timestamp, Signal Signal)> Entry => _entry.Task;

    /// <summary>The options of <c>cst run</c> live, for the two symbols.</summary>
    public static LiveEngineOptions Options() => new() { Symbols = SignalMinute.Symbols };

    /// <summary>
    /// Builds the template database: the history candles stored (as the Aggregator would have stored them) and decided
    /// by a LiveEngine through its own code path (positions, watermark). Returns its path.
    /// </summary>
    public static async Task<string> CreateTemplateAsync(SignalMinute minute, TradingConfig config)
    {
        var path = TempPath("template");
        await using (var pipeline = await LocalPipeline.StartAsync(Configuration(path), config, Options(), (_, _) => Task.CompletedTask, NullLoggerFactory.Instance, CancellationToken.None))
        {
            var store = pipeline.Port<ICandleStore>();
            foreach (var symbol in SignalMinute.Symbols)
            {
                await store.WriteAsync(symbol, [.. minute.Candles[symbol].Where(c => c.OpenTimeMs < minute.OpenTimeMs)], CancellationToken.None);
            }

            foreach (var (symbol, candle) in minute.History())
            {
                await pipeline.Engine.OnCandleAsync(symbol, candle, CancellationToken.None);
            }

            await pipeline.Engine.FlushAsync(CancellationToken.None);
            if (pipeline.Engine.Watermark != minute.OpenTimeMs - MinuteMs)
            {
                throw new InvalidOperationException($"template: the LiveEngine decided up to {pipeline.Engine.Watermark}, expected {minute.OpenTimeMs - MinuteMs}");
            }
        }

        SqliteDatabase.ClearPools();
        return path;
    }

    /// <summary>
    /// Starts a pipeline on a copy of <paramref name="template"/>: the LiveEngine rebuilt from the stored candles, the
    /// Ingestor joined in the minute before the signal minute and that minute closed (Bybit's REST API refuses, so it
    /// is a gap: the engine already has its candle). With <paramref name="minuteTradesPublished"/> the signal minute's
    /// trades are also handed over and published as batches (stored by the Aggregator), as a live feed would have by
    /// the time the minute's closing frame arrives.
    /// </summary>
    public static async Task<PreparedPipeline> StartAsync(string template, SignalMinute minute, TradingConfig config, bool minuteTradesPublished)
    {
        var path = TempPath("run");
        foreach (var suffix in new[] { string.Empty, "-wal" })
        {
            if (File.Exists(template + suffix))
            {
                File.Copy(template + suffix, path + suffix);
            }
        }

        var entry = new TaskCompletionSource<(long, Signal)>();
        var pipeline = await LocalPipeline.StartAsync(Configuration(path), config, Options(), (m, _) =>
        {
            if (m.Type == TradeSignalMessageType.Entry)
            {
                entry.TrySetResult((Stopwatch.GetTimestamp(), m.Signal!));
            }

            return Task.CompletedTask;
        }, NullLoggerFactory.Instance, CancellationToken.None);
        try
        {
            await pipeline.Engine.FlushAsync(CancellationToken.None);
            if (pipeline.Engine.Watermark != minute.OpenTimeMs - MinuteMs)
            {
                throw new InvalidOperationException($"the rebuilt LiveEngine is at {pipeline.Engine.Watermark}, expected {minute.OpenTimeMs - MinuteMs}");
            }

            var joinMs = minute.OpenTimeMs - 1_000;
            var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(joinMs));
            var options = new IngestorOptions { BackfillAttempts = 1 };
            var ingestor = new TradeIngestor(SignalMinute.Symbols, pipeline.CountingBus(), new BybitRestClient(new HttpClient(new RefusingHandler()), new Uri(BybitRestUrl)),
                options, clock, NullLogger<TradeIngestor>.Instance, run: "bench");
            ingestor.OnSubscribed(1, joinMs);
            ingestor.OnTrades([], joinMs);
            clock.Advance(TimeSpan.FromMilliseconds(1_000) + options.CloseGrace);
            await ingestor.FlushAsync(final: false, CancellationToken.None);
            if (minuteTradesPublished)
            {
                foreach (var symbol in SignalMinute.Symbols)
                {
                    var trades = SyntheticMinuteTrades.Of(symbol, minute.At(symbol, minute.OpenTimeMs));
                    ingestor.OnTrades(trades, trades[^1].TimeMs);
                }

                await ingestor.FlushAsync(final: false, CancellationToken.None);
            }

            await pipeline.WaitSettledAsync(PipelineTopics.RawTicks, CancellationToken.None);
            await pipeline.WaitSettledAsync(PipelineTopics.Candles, CancellationToken.None);
            if (entry.Task.IsCompleted)
            {
                throw new InvalidOperationException("an ENTRY was published while preparing the pipeline");
            }

            return new PreparedPipeline(pipeline, path, entry, ingestor, clock);
        }
        catch
        {
            await pipeline.DisposeAsync();
            Delete(path);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Delete(_path);
    }

    /// <summary>Deletes a database and its WAL files.</summary>
    public static void Delete(string path)
    {
        SqliteDatabase.ClearPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    private static string TempPath(string what) => Path.Combine(Path.GetTempPath(), $"cst-bench-pipeline-{what}-{Guid.NewGuid():N}.db");

    private static IConfiguration Configuration(string path) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PipelineBackend.BackendKey] = "embedded",
            [PipelineBackend.SqlitePathKey] = path,
        }).Build();
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Cli.Run;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>
/// The health view over real runs: the stages' records a <c>cst run</c> replay wrote, a stage that stopped, a message
/// dead-lettered by the pipeline, and the view in a real browser.
/// </summary>
[Collection(ReplayedRunCollection.Name)]
public sealed class StageHealthTests(ReplayedRun run)
{
    [Fact]
    public async Task Status_AfterACandleReplay_EveryStageThatRanIsGreen_WithItsLastEventAndCounts()
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        using var http = ReplayedRun.Browser();
        await http.GetAsync(link);
        var status = await DashboardApiTests.Json(http, link, "/api/status");

        var stages = status.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal(PipelineStages.All, stages.Keys);
        var now = status.GetProperty("now").GetInt64();
        var book = new SqlitePositionBook(run.Store());
        var closed = (await book.ListClosedAsync(0, long.MaxValue)).Count;
        var open = (await book.ListOpenAsync()).Count;
        var candles = ReplayedRun.Symbols.Length * ReplayedRun.Days * 1440;

        foreach (var stage in new[] { PipelineStages.Ingestor, PipelineStages.Aggregator, PipelineStages.LogicEngine, PipelineStages.Notifier })
        {
            var s = stages[stage];
            Assert.True(s.GetProperty("health").GetString() == "green", $"{stage}: {s}");
            Assert.True(s.GetProperty("lastEvent").ValueKind == JsonValueKind.Number, $"{stage} has no last event: {s}");
            Assert.Equal(0, s.GetProperty("deadLetters").GetInt64());
        }

        // The LogicEngine took every candle, the newest closing at the run's clock: no lag.
        Assert.Equal(candles, stages[PipelineStages.LogicEngine].GetProperty("events").GetInt64());
        Assert.Equal(now, stages[PipelineStages.LogicEngine].GetProperty("exchangeTime").GetInt64());
        Assert.Equal(0, stages[PipelineStages.LogicEngine].GetProperty("lagSeconds").GetDouble());
        Assert.Equal(candles, stages[PipelineStages.Aggregator].GetProperty("events").GetInt64());
        Assert.Contains("replay of candle files", stages[PipelineStages.Ingestor].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("replay of candle files", stages[PipelineStages.Aggregator].GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The Notifier sent every ENTRY and EXIT.
        Assert.Equal(open + (2 * closed), stages[PipelineStages.Notifier].GetProperty("events").GetInt64());

        // A candle replay has no MacroEngine (the bias is decided inside the LogicEngine): off, not judged.
        Assert.Equal("off", stages[PipelineStages.MacroEngine].GetProperty("health").GetString());
        Assert.Equal("green", status.GetProperty("stagesHealth").GetString());
        Assert.Equal("every stage is green (Ingestor, Aggregator, LogicEngine, Notifier)", status.GetProperty("stagesReason").GetString());
        Assert.Equal(0, await process.StopAsync());
    }

    [Fact]
    public async Task Status_AStageThatStopped_IsRed_WithTheReason()
    {
        // The LogicEngine's record as if it had stopped 11 minutes of data before the run's last decided minute.
        var db = run.CopyDb("stopped-stage.db");
        var state = new SqliteStateStore(new SqliteDatabase(db));
        var store = new StageHealthStore(state);
        var logic = (await store.ReadAsync(PipelineStages.LogicEngine))!;
        await state.PutAsync(StageHealthStore.Collection, PipelineStages.LogicEngine, (logic with { ExchangeTimeMs = logic.ExchangeTimeMs - (11 * 60_000) }).ToJson());
        SqliteDatabase.ClearPools();

        var (process, link) = await run.StartDashboardAsync(db);
        await using var _ = process;
        using var http = ReplayedRun.Browser();
        await http.GetAsync(link);
        var status = await DashboardApiTests.Json(http, link, "/api/status");

        var stage = status.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == PipelineStages.LogicEngine);
        Assert.Equal("red", stage.GetProperty("health").GetString());
        Assert.Equal("11 min behind the exchange (red past 10 min)", stage.GetProperty("reason").GetString());
        Assert.Equal(660, stage.GetProperty("lagSeconds").GetDouble());
        Assert.Equal("red", status.GetProperty("stagesHealth").GetString());
        Assert.Equal("LogicEngine: 11 min behind the exchange (red past 10 min)", status.GetProperty("stagesReason").GetString());
        Assert.Equal(0, await process.StopAsync());
    }

    [Fact]
    public async Task ABadRawTickMessage_IsDeadLettered_RaisesTheAggregatorsCount_AndTurnsItAmber()
    {
        var path = Path.Combine(run.Directory, "dead-letter.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PipelineBackend.BackendKey] = "embedded",
            [PipelineBackend.SqlitePathKey] = path,
        }).Build();
        var trading = new TradingConfig();
        await using (var pipeline = await LocalPipeline.StartAsync(
            configuration, trading, new LiveEngineOptions { Symbols = ["BTCUSDT"] }, (_, _) => Task.CompletedTask, NullLoggerFactory.Instance, CancellationToken.None))
        {
            // Not a trade batch: the Aggregator refuses it (unprocessable) and the bus moves it to raw-tick-data-bybit's dead-letter topic.
            await pipeline.PublishAsync(PipelineTopics.RawTicks, new BusMessage(Encoding.UTF8.GetBytes("""{"schemaVersion":1,"nonsense":true}""")), CancellationToken.None);
            await pipeline.WaitSettledAsync(PipelineTopics.RawTicks, new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        }

        var database = new SqliteDatabase(path);
        var positions = new SqlitePositionBook(database);
        var queries = new DashboardQueries(new DashboardSources
        {
            Symbols = ["BTCUSDT"], Candles = new SqliteCandleStore(database), Positions = positions, Trades = positions,
            Biases = new SqliteBiasStore(database), State = new SqliteStateStore(database), Trading = trading, Mode = DashboardMode.Stopped,
        });
        var status = await queries.StatusAsync(CancellationToken.None);

        var aggregator = status.Stages.Single(s => s.Stage == PipelineStages.Aggregator);
        Assert.Equal(1, aggregator.DeadLetters);
        Assert.Equal("amber", aggregator.Health);
        Assert.Equal("1 dead letter in this run", aggregator.Reason);
        Assert.Equal("amber", status.StagesHealth);
    }

    [Theory]
    [InlineData(1280, 900, "desktop")]
    [InlineData(375, 812, "phone")]
    public async Task HealthView_ShowsEveryStage_WithoutConsoleErrors_AndNoSideScroll(int width, int height, string name)
    {
        var (process, link) = await run.StartDashboardAsync(run.Db);
        await using var _ = process;
        await using var browser = await BrowserSession.StartAsync();
        var errors = new List<string>();
        var page = await browser.PageAsync(width, height, errors);
        await page.GotoAsync(link.ToString());
        await page.WaitForSelectorAsync("[data-stage]");

        Assert.Equal(PipelineStages.All, await page.Locator("[data-stage]").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.stage)"));
        Assert.Equal("green", await page.GetAttributeAsync("[data-stage=LogicEngine]", "data-health"));
        Assert.NotEqual("–", await page.InnerTextAsync("[data-stage=LogicEngine] [data-testid=last-event]"));
        Assert.Contains("every stage is green", await page.InnerTextAsync("#stages-reason"), StringComparison.Ordinal);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the health view at {width} px scrolls sideways by {overflow} px");

        var bytes = await page.Locator("#pipeline").ScreenshotAsync();
        foreach (var directory in new[] { Path.Combine(AppContext.BaseDirectory, "screenshots"), Environment.GetEnvironmentVariable("CST_DASHBOARD_SCREENSHOTS") })
        {
            if (directory is { Length: > 0 })
            {
                Directory.CreateDirectory(directory);
                await File.WriteAllBytesAsync(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"health-{name}.png")), bytes);
            }
        }

        lock (errors)
        {
            Assert.Empty(errors);
        }
    }
}

using System.Collections.Concurrent;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Tests.CryptoCompare;
using CryptoSignalTracker.Exchanges.Tests.Kraken;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using CryptoSignalTracker.Functions.Tests.MacroEngine;
using Microsoft.Extensions.DependencyInjection;
using LogicFunction = CryptoSignalTracker.Functions.LogicEngine.Function;
using static CryptoSignalTracker.Functions.Tests.LogicEngine.LogicEngineRig;

namespace CryptoSignalTracker.Functions.Tests.LogicEngine;

/// <summary>
/// A new deployment's macro warm-up: the LogicEngine function (default trading configuration, macro on) starts on an
/// empty store and is pushed only a few hours of real Bybit candles; the 4-hour EMA(20) is warmed up from the fake
/// Kraken's (else the fake CryptoCompare's) 4-hour history, served in their real wire formats from the same real data.
/// Its decisions must be <c>cst backtest</c>'s on those hours given the journalled warm-up, and a restart must replay it.
/// </summary>
public sealed class LogicEngineMacroWarmUpTests
{
    private const long MinuteMs = 60_000;
    private const long FourHoursMs = 240 * MinuteMs;
    private const int Hours = 8;
    private const string WarmUpCollection = "logic-macro-warmup";

    /// <summary>The new deployment's first minute: mid 4-hour bucket, 11 days into the bundled data.</summary>
    private static readonly long FirstMinuteMs = new DateTimeOffset(2025, 6, 10, 1, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly Dictionary<string, (string Kraken, string CryptoCompare)> Pairs = new()
    {
        ["BTCUSDT"] = ("XBTUSDT", "BTC"),
        ["SOLUSDT"] = ("SOLUSDT", "SOL"),
    };

    [Fact]
    public async Task NewDeployment_KrakenServesHistory_FirstBiasAsSoonAsTheWarmedEmaAllowsAndDecisionsAreTheBacktestsWithThatWarmUp()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cryptoCompare = new FakeCryptoCompareServer();
        ServeKraken(kraken);
        await using var run = await DeployAsync(kraken.BaseUrl, cryptoCompare.BaseUrl);
        var (window, signals, biases, warmUps) = (run.Window, run.Signals, run.Biases, run.WarmUps);

        foreach (var symbol in LogicEngineRig.Symbols)
        {
            var warmUp = warmUps.Single(w => w.Symbol == symbol);
            Assert.Equal("kraken", warmUp.Source);
            Assert.Null(warmUp.Error);
            // the 60 (3 x EMA period) closed 4-hour candles before the first minute's 4-hour bucket, as Kraken served them
            var bucket = FirstMinuteMs - (FirstMinuteMs % FourHoursMs);
            Assert.Equal(KrakenFeed.Of(symbol).FourHour.Where(c => c.OpenTimeMs + FourHoursMs <= bucket).TakeLast(60).Select(c => c.Close), warmUp.FourHour.Select(c => c.Close));
            Assert.Equal(bucket - FourHoursMs, warmUp.FourHour[^1].OpenTimeMs);
        }

        Assert.Empty(cryptoCompare.Requests);
        var expected = Backtester.Run(window, new TradingConfig(), new BacktestOptions { MacroWarmUps = warmUps });
        Assert.Empty(Backtester.Run(window, new TradingConfig()).Biases); // without the warm-up: no bias in these hours
        Assert.NotEmpty(expected.Biases);
        await AssertDecisionsAsync(expected, window, signals, biases);
        Assert.Equal(expected.Biases[0], biases.OrderBy(b => b.PublishedAtMs).ThenBy(b => b.Symbol, StringComparer.Ordinal).First());
    }

    [Fact]
    public async Task NewDeployment_KrakenDown_WarmsUpFromCryptoCompareAndDecisionsAreTheBacktestsWithThatWarmUp()
    {
        await using var kraken = new FakeKrakenServer(); // knows no pair: EQuery:Unknown asset pair
        await using var cryptoCompare = new FakeCryptoCompareServer();
        ServeCryptoCompare(cryptoCompare);
        await using var run = await DeployAsync(kraken.BaseUrl, cryptoCompare.BaseUrl);
        var (window, signals, biases, warmUps) = (run.Window, run.Signals, run.Biases, run.WarmUps);

        foreach (var symbol in LogicEngineRig.Symbols)
        {
            var warmUp = warmUps.Single(w => w.Symbol == symbol);
            Assert.Equal("cryptocompare", warmUp.Source);
            Assert.Equal(60, warmUp.FourHour.Count);
            var bucket = FirstMinuteMs - (FirstMinuteMs % FourHoursMs);
            Assert.Equal(bucket - FourHoursMs, warmUp.FourHour[^1].OpenTimeMs);
        }

        Assert.True(kraken.Requests >= 2, "Kraken was not asked first");
        var expected = Backtester.Run(window, new TradingConfig(), new BacktestOptions { MacroWarmUps = warmUps });
        Assert.NotEmpty(expected.Biases);
        await AssertDecisionsAsync(expected, window, signals, biases);
    }

    [Fact]
    public async Task NewDeployment_KrakenAndCryptoCompareDown_WarnsJournalsWhyAndDecidesAsBeforeWithoutCrashing()
    {
        var dead = DeadUrl();
        await using var run = await DeployAsync(dead, dead); // every push is answered 2xx (asserted inside)
        var (window, signals, biases, warmUps) = (run.Window, run.Signals, run.Biases, run.WarmUps);

        foreach (var symbol in LogicEngineRig.Symbols)
        {
            var warmUp = warmUps.Single(w => w.Symbol == symbol);
            Assert.Equal(MacroWarmUp.NoSource, warmUp.Source);
            Assert.Empty(warmUp.FourHour);
            Assert.Contains("Kraken", warmUp.Error, StringComparison.Ordinal);
            Assert.Contains("CryptoCompare", warmUp.Error, StringComparison.Ordinal);
        }

        // the pre-existing behaviour: the EMA waits for the pipeline's own history; nothing differs from a plain backtest
        var expected = Backtester.Run(window, new TradingConfig());
        Assert.Equal(expected.Signals, Backtester.Run(window, new TradingConfig(), new BacktestOptions { MacroWarmUps = warmUps }).Signals);
        await AssertDecisionsAsync(expected, window, signals, biases);
        Assert.Empty(biases);
    }

    [Fact]
    public async Task Restart_AfterTheWarmUp_RebuildReplaysTheJournalledWarmUpNotTheSourcesAndDecidesTheSame()
    {
        await using var kraken = new FakeKrakenServer();
        await using var cryptoCompare = new FakeCryptoCompareServer();
        ServeKraken(kraken);
        var window = Window(0, Hours * 60);
        var half = Hours * 60 / 2;
        var copy = Path.Combine(Path.GetTempPath(), $"cst-warmup-{Guid.NewGuid():N}.db");
        var signals = new ConcurrentQueue<TradeSignalMessage>();
        var biases = new ConcurrentQueue<MacroBias>();
        IReadOnlyList<MacroWarmUp> warmUps;
        try
        {
            await using (var first = await StartAsync(kraken.BaseUrl, cryptoCompare.BaseUrl, path => SeedAsync(path, Window(0, half))))
            {
                var (s, b) = await ListenAsync(first);
                await PushAsync(first, Window(0, half));
                await Task.Delay(300);
                warmUps = await JournalAsync(first);
                await first.App.StopAsync();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Copy(first.SqlitePath, copy);
                Collect(s, signals);
                Collect(b, biases);
            }

            var krakenRequests = kraken.Requests;
            // the restarted function cannot reach any source: a rebuild must not need them
            await using var second = await StartAsync(DeadUrl(), DeadUrl(), async path =>
            {
                File.Copy(copy, path);
                await SeedAsync(path, Window(half, half)); // the Aggregator stores each candle before its event
            });
            var (s2, b2) = await ListenAsync(second);
            await PushAsync(second, Window(half, half));
            var expected = Backtester.Run(window, new TradingConfig(), new BacktestOptions { MacroWarmUps = warmUps });
            Assert.NotEmpty(expected.Biases);
            await WaitForAsync(() => s2.Count + signals.Count >= Entries(expected, window).Count + Exits(expected, window).Count);
            Collect(s2, signals);
            Collect(b2, biases);
            Assert.Equal(2, krakenRequests); // one 4-hour request per symbol, by the first run only
            Assert.Equal(krakenRequests, kraken.Requests);
            Assert.Equal(warmUps.Select(w => w.ToJson()), (await JournalAsync(second)).Select(w => w.ToJson()));
            await AssertDecisionsAsync(expected, window, signals, biases);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>A new deployment with these sources, pushed the first <see cref="Hours"/> hours of real candles.</summary>
    private static async Task<Deployment> DeployAsync(Uri kraken, Uri cryptoCompare)
    {
        var window = Window(0, Hours * 60);
        var rig = await StartAsync(kraken, cryptoCompare, path => SeedAsync(path, window));
        try
        {
            var (signals, biases) = await ListenAsync(rig);
            await PushAsync(rig, window);
            return new Deployment(rig, window, signals, biases, await JournalAsync(rig));
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    private static void Collect<T>(ConcurrentQueue<T> from, ConcurrentQueue<T> to)
    {
        while (from.TryDequeue(out var item))
        {
            to.Enqueue(item);
        }
    }

    /// <summary>Every entry and exit (but the last minute's, and END) and every bias of <paramref name="expected"/>, each once.</summary>
    private static async Task AssertDecisionsAsync(BacktestResult expected, IReadOnlyList<SymbolSeries> window, ConcurrentQueue<TradeSignalMessage> signals, ConcurrentQueue<MacroBias> biases)
    {
        var entries = Entries(expected, window);
        var exits = Exits(expected, window);
        await WaitForAsync(() => signals.Count(m => m.Type == TradeSignalMessageType.Entry) >= entries.Count && signals.Count(m => m.Type == TradeSignalMessageType.Exit) >= exits.Count && biases.Count >= expected.Biases.Count);
        await Task.Delay(300); // an extra message would arrive here
        Assert.Equal(entries, signals.Where(m => m.Type == TradeSignalMessageType.Entry).Select(m => m.Signal!).OrderBy(s => s.TimeMs).ThenBy(s => s.Symbol, StringComparer.Ordinal).Select(BacktestJson.SignalLine));
        Assert.Equal(exits, signals.Where(m => m.Type == TradeSignalMessageType.Exit).Select(m => m.Trade!).OrderBy(t => t.ExitTimeMs).ThenBy(t => t.Symbol, StringComparer.Ordinal).Select(BacktestJson.TradeLine));
        Assert.Equal(expected.Biases, biases.OrderBy(b => b.PublishedAtMs).ThenBy(b => b.Symbol, StringComparer.Ordinal));
    }

    private static List<string> Entries(BacktestResult expected, IReadOnlyList<SymbolSeries> window) =>
        [.. expected.Signals.Where(s => s.TimeMs < window[0].Candles[^1].OpenTimeMs).Select(BacktestJson.SignalLine)];

    private static List<string> Exits(BacktestResult expected, IReadOnlyList<SymbolSeries> window) =>
        [.. expected.Trades.Where(t => t.Reason != ExitReason.End && t.ExitTimeMs < window[0].Candles[^1].OpenTimeMs).OrderBy(t => t.ExitTimeMs).ThenBy(t => t.Symbol, StringComparer.Ordinal).Select(BacktestJson.TradeLine)];

    /// <summary>The real minutes <paramref name="from"/>..+<paramref name="minutes"/> after the first minute, per symbol.</summary>
    private static IReadOnlyList<SymbolSeries> Window(int from, int minutes) =>
    [
        .. LogicEngineRig.Symbols.Select(s => new SymbolSeries(s, [.. KrakenFeed.Of(s).Minutes.Where(c => c.OpenTimeMs >= FirstMinuteMs + (from * MinuteMs) && c.OpenTimeMs < FirstMinuteMs + ((from + minutes) * MinuteMs))])),
    ];

    /// <summary>Kraken as at the first minute: its closed 4-hour candles (and 5-minute ones) up to then, plus the forming ones.</summary>
    private static void ServeKraken(FakeKrakenServer kraken)
    {
        foreach (var (symbol, pair) in Pairs)
        {
            var feed = KrakenFeed.Of(symbol);
            feed.Serve(kraken, pair.Kraken, LastFiveMinuteBefore(feed));
        }
    }

    /// <summary>CryptoCompare as at the first minute: its last 2000 closed hours and minutes, plus the forming ones.</summary>
    private static void ServeCryptoCompare(FakeCryptoCompareServer cryptoCompare)
    {
        foreach (var (symbol, pair) in Pairs)
        {
            var feed = KrakenFeed.Of(symbol);
            feed.ServeCryptoCompare(cryptoCompare, pair.CryptoCompare, LastFiveMinuteBefore(feed));
        }
    }

    private static int LastFiveMinuteBefore(KrakenFeed feed)
    {
        for (var i = feed.FiveMinute.Count - 1; i >= 0; i--)
        {
            if (feed.FiveMinute[i].OpenTimeMs + (5 * MinuteMs) <= FirstMinuteMs)
            {
                return i;
            }
        }

        throw new InvalidOperationException("no 5-minute candle before the first minute");
    }

    private static Task<FunctionRig> StartAsync(Uri kraken, Uri cryptoCompare, Func<string, Task>? seed = null) =>
        FunctionRig.StartAsync(typeof(LogicFunction), seed, "--SYMBOLS=BTCUSDT,SOLUSDT", $"--Logic:KrakenUrl={kraken}", $"--Logic:CryptoCompareUrl={cryptoCompare}", "--Logic:WarmUpTimeout=00:00:05",
            "--Logic:Lease:Duration=00:00:02"); // a restarted instance takes over a stopped one's lease after 2 s

    private static async Task<(ConcurrentQueue<TradeSignalMessage> Signals, ConcurrentQueue<MacroBias> Biases)> ListenAsync(FunctionRig rig) =>
        (await ListenSignalsAsync(rig), await ListenBiasesAsync(rig));

    /// <summary>Pushes the window's candles minute by minute (both symbols), as the Aggregator's events come (the candles are stored first, by the rig's seed).</summary>
    private static async Task PushAsync(FunctionRig rig, IReadOnlyList<SymbolSeries> window)
    {
        for (var i = 0; i < window[0].Candles.Count; i++)
        {
            foreach (var series in window)
            {
                var response = await rig.PushAsync(Event(series.Symbol, series.Candles[i]), $"{series.Symbol}-{series.Candles[i].OpenTimeMs}");
                for (var retry = 0; response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && retry < 50; retry++)
                {
                    // 503: retry later (a restarted instance waits for the stopped one's lease); Pub/Sub redelivers
                    response.Dispose();
                    await Task.Delay(100);
                    response = await rig.PushAsync(Event(series.Symbol, series.Candles[i]), $"{series.Symbol}-{series.Candles[i].OpenTimeMs}");
                }

                using var answered = response;
                Assert.True(response.IsSuccessStatusCode, $"push of {series.Symbol} {WireNames.Time(series.Candles[i].OpenTimeMs)} answered {(int)response.StatusCode}");
            }
        }
    }

    private static async Task<IReadOnlyList<MacroWarmUp>> JournalAsync(FunctionRig rig)
    {
        var state = rig.App.Services.GetRequiredService<IStateStore>();
        return [.. (await state.ListAsync(WarmUpCollection)).Select(kv => MacroWarmUp.FromJson(kv.Value, kv.Key)).OrderBy(w => w.Symbol, StringComparer.Ordinal)];
    }

    /// <summary>A local URL nothing listens on: every request is refused.</summary>
    private static Uri DeadUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>A pushed new deployment: its function, the window pushed, what it published and its journalled warm-ups.</summary>
    private sealed record Deployment(FunctionRig Rig, IReadOnlyList<SymbolSeries> Window, ConcurrentQueue<TradeSignalMessage> Signals, ConcurrentQueue<MacroBias> Biases, IReadOnlyList<MacroWarmUp> WarmUps) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Rig.DisposeAsync();
    }
}

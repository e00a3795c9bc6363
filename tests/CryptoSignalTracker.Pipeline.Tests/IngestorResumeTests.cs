using System.Globalization;
using CryptoSignalTracker.Functions.Ingestor;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Live;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// Where the Ingestor function resumes after a restart (<see cref="IngestorResume.ForFunctionAsync"/>), on the Bigtable
/// and Firestore emulators with real BTCUSDT/SOLUSDT candles: the minute after each symbol's newest candle stored since
/// the LogicEngine's watermark; nothing on a new store; unreadable stores are logged and the function streams without
/// resuming.
/// </summary>
public sealed class IngestorResumeTests
{
    private const long MinuteMs = 60_000;

    [Fact]
    public async Task ForFunctionAsync_CandlesStoredAfterTheWatermark_EachSymbolResumesTheMinuteAfterItsNewestOne()
    {
        var (candles, state, channels) = await EmulatorStoresAsync(createTable: true);
        using var _ = channels;
        // BTC holds 30 minutes, SOL 20, ETH none; the LogicEngine decided up to minute 15
        await candles.WriteAsync("BTCUSDT", SourceData.Candles("BTCUSDT", 30));
        await candles.WriteAsync("SOLUSDT", SourceData.Candles("SOLUSDT", 20));
        var watermark = SourceData.StartMs + (15 * MinuteMs);
        await state.PutAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, watermark.ToString(CultureInfo.InvariantCulture));
        var logger = new ListLogger();

        var next = await IngestorResume.ForFunctionAsync(state, candles, ["BTCUSDT", "SOLUSDT", "ETHUSDT"], logger, CancellationToken.None);

        Assert.Equal(SourceData.StartMs + (30 * MinuteMs), next["BTCUSDT"]);
        Assert.Equal(SourceData.StartMs + (20 * MinuteMs), next["SOLUSDT"]);
        Assert.Equal(watermark + MinuteMs, next["ETHUSDT"]); // nothing stored after the watermark: the minute after it
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Text.Contains("BTCUSDT from 2025-05-30T17:30:00Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForFunctionAsync_NewStoreWithoutAWatermark_ResumesNothing()
    {
        var (candles, state, channels) = await EmulatorStoresAsync(createTable: true);
        using var _ = channels;
        await candles.WriteAsync("BTCUSDT", SourceData.Candles("BTCUSDT", 5));
        var logger = new ListLogger();

        var next = await IngestorResume.ForFunctionAsync(state, candles, SourceData.Symbols, logger, CancellationToken.None);

        Assert.Empty(next);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Text.Contains("No LogicEngine watermark", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForFunctionAsync_CandleTableMissing_LoggedAsAnErrorNamingTheTableAndStreamsWithoutResuming()
    {
        var (candles, state, channels) = await EmulatorStoresAsync(createTable: false);
        using var _ = channels;
        await state.PutAsync(LiveEngine.StateCollection, LiveEngine.WatermarkKey, SourceData.StartMs.ToString(CultureInfo.InvariantCulture));
        var logger = new ListLogger();

        var next = await IngestorResume.ForFunctionAsync(state, candles, SourceData.Symbols, logger, CancellationToken.None);

        Assert.Empty(next);
        var error = Assert.Single(logger.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("Could not read the stores to resume", error.Text, StringComparison.Ordinal);
        Assert.Contains(candles.Options.TableName, error.Text, StringComparison.Ordinal);
    }

    private static async Task<(BigtableCandleStore Candles, FirestoreStateStore State, GoogleChannelFactory Channels)> EmulatorStoresAsync(bool createTable)
    {
        var channels = new GoogleChannelFactory();
        if (!channels.UsesEmulator(GoogleServiceEndpoint.Bigtable) || !channels.UsesEmulator(GoogleServiceEndpoint.Firestore))
        {
            throw new InvalidOperationException("BIGTABLE_EMULATOR_HOST and FIRESTORE_EMULATOR_HOST must be set (scripts/test.sh starts the emulators)");
        }

        var project = $"cst-resume-{Guid.NewGuid():N}"[..20];
        var options = new BigtableCandleStoreOptions { ProjectId = project, InstanceId = "resume", TableId = "market-data-1m" };
        if (createTable)
        {
            await new BigtableTableManager(channels, options).CreateIfAbsentAsync();
        }

        return (new BigtableCandleStore(channels, options), new FirestoreStateStore(new FirestoreDatabase(channels, new FirestoreOptions { ProjectId = project })), channels);
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}

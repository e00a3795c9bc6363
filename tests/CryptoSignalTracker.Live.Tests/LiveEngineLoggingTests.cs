using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Messages;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>The <c>signal_emitted</c> log event the Cloud Monitoring metrics count (docs/deploy.md).</summary>
public sealed class LiveEngineLoggingTests
{
    [Fact]
    public async Task EachPublishedMessage_LogsSignalEmittedWithKindDirectionAndLatency()
    {
        await using var rig = new LiveRig();
        var series = LiveRig.RealCandles(1);
        await rig.StoreAsync(series);
        var logger = new RecordingLogger();
        var clock = new FixedClock(series[0].Candles[^1].OpenTimeMs + 60_000);
        var engine = new LiveEngine(new TradingConfig(), new LiveEngineOptions { Symbols = ["BTCUSDT", "SOLUSDT"], ResampleMacro = true, BarrierGraceMinutes = 1, BarrierWait = TimeSpan.Zero },
            new LivePorts(rig.Candles, rig.State, rig.Biases, rig.Positions, rig.Bus), null, logger, clock);
        foreach (var (symbol, candle) in LiveRig.Timeline(series))
        {
            await engine.OnCandleAsync(symbol, candle, default);
        }

        var emitted = logger.Entries.Where(e => e.Event == "signal_emitted").ToList();
        Assert.NotEmpty(emitted);
        Assert.All(emitted, e =>
        {
            Assert.Contains(e.Properties["kind"], new object?[] { "micro entry", "swing entry", "exit" });
            Assert.Contains(e.Properties["direction"], new object?[] { "LONG", "SHORT" });
            Assert.True((long)e.Properties["latency_ms"]! >= 0);
            Assert.StartsWith((string)e.Properties["symbol"]!, (string)e.Properties["signal_id"]!, StringComparison.Ordinal);
        });
        Assert.Contains(emitted, e => (string)e.Properties["kind"]! == "exit");
    }

    private sealed class FixedClock(long nowMs) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
    }

    private sealed record Entry(string? Event, IReadOnlyDictionary<string, object?> Properties);

    private sealed class RecordingLogger : ILogger<LiveEngine>
    {
        private string? _event;

        public List<Entry> Entries { get; } = [];

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var previous = _event;
            if (state is IReadOnlyDictionary<string, object?> scope && scope.TryGetValue("event", out var name))
            {
                _event = name as string;
            }

            return new Restore(() => _event = previous);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            Entries.Add(new Entry(_event, properties));
        }

        private sealed class Restore(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}

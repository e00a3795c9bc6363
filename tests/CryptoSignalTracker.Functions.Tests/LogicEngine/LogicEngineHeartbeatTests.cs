using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Embedded.Sqlite;
using CryptoSignalTracker.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using LogicFunction = CryptoSignalTracker.Functions.LogicEngine.Function;
using static CryptoSignalTracker.Functions.Tests.LogicEngine.LogicEngineRig;

namespace CryptoSignalTracker.Functions.Tests.LogicEngine;

/// <summary>
/// The functions write their stage's health record for the dashboard (issue 17) through the backend's state store, as
/// <c>cst run</c> does: the LogicEngine counts each candle it took (its close as the exchange time), the host counts
/// what it dead-lettered.
/// </summary>
public sealed class LogicEngineHeartbeatTests
{
    [Fact]
    public async Task Push_RealCandlesThenAMalformedOne_RecordHoldsTheCandlesNewestCloseAndOneDeadLetter()
    {
        var series = Day();
        await using var rig = await FunctionRig.StartAsync(typeof(LogicFunction), seed: path => SeedAsync(path, series), "--SYMBOLS=BTCUSDT,SOLUSDT", NoMacro);
        const int minutes = 30;
        for (var i = 0; i < minutes; i++)
        {
            foreach (var s in series)
            {
                using var ok = await rig.PushAsync(Event(s.Symbol, s.Candles[i]), $"{s.Symbol}{i}");
                Assert.True(ok.IsSuccessStatusCode, $"push answered {(int)ok.StatusCode}");
            }
        }

        // not a symbol traded: dead-lettered by the host (answered 2xx once it is on the dead-letter topic)
        using var bad = await rig.PushAsync(Event("XRPUSDT", new Candle(series[0].Candles[0].OpenTimeMs, 1, 2, 0.5, 1.5, 10)), "bad");
        Assert.True(bad.IsSuccessStatusCode, $"dead-letter push answered {(int)bad.StatusCode}");

        var recorder = rig.App.Services.GetRequiredService<StageHeartbeatRecorder>();
        Assert.Equal(PipelineStages.LogicEngine, recorder.Stage);
        await recorder.FlushAsync();

        var record = await new StageHealthStore(new SqliteStateStore(new SqliteDatabase(rig.SqlitePath))).ReadAsync(PipelineStages.LogicEngine);
        Assert.NotNull(record);
        Assert.Equal(2 * minutes, record.Events);
        Assert.Equal(series.Max(s => s.Candles[minutes - 1].OpenTimeMs) + 60_000, record.ExchangeTimeMs); // the newest close taken
        Assert.Equal(1, record.DeadLetters);
        Assert.NotNull(record.LastEventMs);
    }
}

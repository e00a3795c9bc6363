using System.Globalization;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace CryptoSignalTracker.DataPlane.Tests.Sqlite;

/// <summary>
/// Bounded state on the embedded backend: entries needed only for a while (claims, swing intents, partials, delivery
/// claims, idempotency keys) get an expiry and the pruning pass removes them after it; what a decision or an alert edit
/// needs is never touched.
/// </summary>
public sealed class SqlitePrunerTests(ITestOutputHelper output) : IDisposable
{
    private readonly SqliteTestFile _file = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2025-06-01T00:00:00Z", CultureInfo.InvariantCulture));

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Prune_JustBeforeAndAfterTheRetention_ExpiringEntriesGoOnlyAfterAndNeededOnesStay()
    {
        var database = _file.Reopen();
        var state = new SqliteStateStore(database, _clock);
        var claims = new SqliteIdempotencyStore(database, _clock);
        var alerts = new SqliteAlertLog(database);
        var pruner = new SqlitePruner(database, _clock);

        // Needed only for a while.
        await state.TryCreateAsync("candle-events", "BTCUSDT.1748736000", "published 1 run");
        await state.TryCreateAsync(SwingIntentCodec.Collection, "SOLUSDT-1748736000", "{}");
        await state.PutAsync("partials.BTCUSDT.1748736000", "run.1", "{}");
        await state.TryCreateAsync("tg_claims", "abc-0", "{}");
        await claims.TryClaimAsync("telegram_updates", "1001");
        await claims.TryClaimAsync(IdempotencyScopes.Alerts, "sig-1");

        // Needed by decisions and alert edits: never expire.
        await state.PutAsync("logic-engine", "watermark", "1748736000000");
        await state.PutAsync("logic-journal", "001748736000", "{}");
        await state.TryCreateAsync("tg_chats", "42", "{}");
        await state.PutAsync("tg_signals", "sig-1", "{}");
        await alerts.RecordAsync(new AlertDelivery("sig-1", 42, 7, _clock.GetUtcNow().ToUnixTimeMilliseconds()));

        _clock.Advance(StateRetention.RedeliveryWindow - TimeSpan.FromMilliseconds(1));
        var early = pruner.Prune();
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var due = pruner.Prune();
        _clock.Advance(TimeSpan.FromDays(400));
        var later = pruner.Prune();

        Assert.Equal(0, early);
        Assert.Equal(6, due);
        Assert.Equal(0, later);
        Assert.Empty(await state.ListAsync("candle-events"));
        Assert.Empty(await state.ListAsync(SwingIntentCodec.Collection));
        Assert.Empty(await state.ListAsync("partials.BTCUSDT.1748736000"));
        Assert.Empty(await state.ListAsync("tg_claims"));
        Assert.False(await claims.IsClaimedAsync("telegram_updates", "1001"));
        Assert.Equal("1748736000000", await state.GetAsync("logic-engine", "watermark"));
        Assert.NotNull(await state.GetAsync("logic-journal", "001748736000"));
        Assert.NotNull(await state.GetAsync("tg_chats", "42"));
        Assert.NotNull(await state.GetAsync("tg_signals", "sig-1"));
        Assert.Single(await alerts.ListAsync("sig-1"));
    }

    [Fact]
    public async Task Prune_EntryRewrittenBeforeItExpired_KeptForAnotherRetentionFromTheRewrite()
    {
        var database = _file.Reopen();
        var state = new SqliteStateStore(database, _clock);
        var pruner = new SqlitePruner(database, _clock);
        await state.TryCreateAsync("candle-events", "BTCUSDT.1", "pending");

        _clock.Advance(TimeSpan.FromDays(5));
        await state.PutAsync("candle-events", "BTCUSDT.1", "published");
        _clock.Advance(TimeSpan.FromDays(5));
        var afterTenDays = pruner.Prune();

        Assert.Equal(0, afterTenDays);
        Assert.Equal("published", await state.GetAsync("candle-events", "BTCUSDT.1"));
    }

    [Fact]
    public async Task Open_FileWrittenBeforeExpiryExisted_GetsTheColumnAndOldRowsAreKept()
    {
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file.Path}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "CREATE TABLE state (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID;"
            + "CREATE TABLE claims (scope TEXT NOT NULL, key TEXT NOT NULL, claimed_at_ms INTEGER NOT NULL, PRIMARY KEY (scope, key)) WITHOUT ROWID;"
            + "INSERT INTO state VALUES ('candle-events', 'old', 'published');";
            create.ExecuteNonQuery();
        }

        var database = _file.Reopen();
        var state = new SqliteStateStore(database, _clock);
        await state.TryCreateAsync("candle-events", "new", "pending");
        _clock.Advance(TimeSpan.FromDays(30));
        var pruned = new SqlitePruner(database, _clock).Prune();

        Assert.Equal(1, pruned);
        Assert.Equal("published", await state.GetAsync("candle-events", "old"));
        Assert.Null(await state.GetAsync("candle-events", "new"));
    }

    /// <summary>
    /// A simulated year through the real stores, pruned once a simulated day. Write rates per day (reduced from live,
    /// where the Aggregator claims one event per symbol and minute, 9 x 1440 = 12,960 a day): 9 symbols x 24 candle-event
    /// claims and partial collections (the partials deleted at close, one left over a day as after a crash), 6 swing
    /// intents, 10 delivery claims and 10 Telegram update ids, 24 journal entries, the watermark. The expiring
    /// collections stay at retention x rate, whatever the age.
    /// </summary>
    [Fact]
    public async Task SimulatedYear_PrunedDaily_ExpiringCollectionsStayWithinTheRetentionWindow()
    {
        var database = _file.Reopen();
        var state = new SqliteStateStore(database, _clock);
        var claims = new SqliteIdempotencyStore(database, _clock);
        var pruner = new SqlitePruner(database, _clock);
        string[] symbols = ["ADAUSDT", "AVAXUSDT", "BNBUSDT", "BTCUSDT", "DOGEUSDT", "ETHUSDT", "LINKUSDT", "SOLUSDT", "XRPUSDT"];
        const int Days = 365;
        for (var day = 0; day < Days; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var seconds = _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                foreach (var symbol in symbols)
                {
                    await state.TryCreateAsync("candle-events", $"{symbol}.{seconds}", "published");
                    var partials = $"partials.{symbol}.{seconds}";
                    await state.PutAsync(partials, "run.1", "{}");
                    if (!(hour == 0 && symbol == "BTCUSDT"))
                    {
                        await state.TryDeleteAsync(partials, "run.1");
                    }
                }

                await state.PutAsync("logic-journal", seconds.PadLeft(12, '0'), "{}");
                await state.PutAsync("logic-engine", "watermark", seconds + "000");
                _clock.Advance(TimeSpan.FromHours(1));
            }

            for (var i = 0; i < 10; i++)
            {
                var id = $"{day}-{i}";
                if (i < 6)
                {
                    await state.TryCreateAsync(SwingIntentCodec.Collection, $"S{id}", "{}");
                }

                await state.TryCreateAsync("tg_claims", $"c{id}", "{}");
                await claims.TryClaimAsync("telegram_updates", $"u{id}");
            }

            pruner.Prune();
        }

        var counts = pruner.Count();
        foreach (var (name, count) in counts)
        {
            output.WriteLine($"{name}: {count}");
        }

        var window = (int)StateRetention.RedeliveryWindow.TotalDays;
        Assert.InRange(counts["candle-events"], 9 * 24 * (window - 1), 9 * 24 * (window + 1));
        Assert.InRange(counts["partials.*"], window - 1, window + 1);
        Assert.InRange(counts[SwingIntentCodec.Collection], 6 * (window - 1), 6 * (window + 1));
        Assert.InRange(counts["tg_claims"], 10 * (window - 1), 10 * (window + 1));
        Assert.InRange(counts["claims:telegram_updates"], 10 * (window - 1), 10 * (window + 1));
        Assert.Equal(24 * Days, counts["logic-journal"]); // the journal is kept (rebuilds replay it)
        Assert.Equal(1, counts["logic-engine"]);
    }
}

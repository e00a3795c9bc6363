using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DataPlane.Tests.Emulators;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>
/// Bounded state on Firestore (the emulator): documents needed only for a while carry the timestamp <c>expire_at</c> =
/// write time + 8 days, which the TTL policies of terraform/firestore_ttl.tf delete by (the emulator does not run TTL, so
/// this checks the field); what decisions and alert edits need carries none.
/// </summary>
public sealed class FirestoreExpiryTests : IDisposable
{
    private readonly FirestoreTestDatabase _test = new();
    private readonly GoogleChannelFactory _channels = FirestoreTestDatabase.FactoryFor(EmulatorEnvironment.RequireFirestore());
    // Starts at the real time (whole seconds: Firestore keeps microseconds): the client takes its call deadlines from the same clock.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public void Dispose()
    {
        _channels.Dispose();
        _test.Dispose();
    }

    [Fact]
    public async Task Write_ExpiringAndNeededEntries_OnlyTheExpiringCarryExpireAtEightDaysOn()
    {
        var database = new FirestoreDatabase(_channels, _test.Options, timeProvider: _clock);
        var state = new FirestoreStateStore(database);
        var claims = new FirestoreIdempotencyStore(database);
        var expected = _clock.GetUtcNow() + StateRetention.RedeliveryWindow;

        await state.TryCreateAsync("candle-events", "BTCUSDT.1748736000", "pending");
        await state.TryCreateAsync(SwingIntentCodec.Collection, "SOLUSDT-1748736000", "{}");
        await state.PutAsync("partials.BTCUSDT.1748736000", "run.1", "{}");
        await state.TryCreateAsync("tg_claims", "abc-0", "{}");
        await claims.TryClaimAsync("telegram_updates", "1001");
        await state.PutAsync("logic-engine", "watermark", "1748736000000");
        await state.PutAsync("logic-journal", "001748736000", "{}");
        await state.TryCreateAsync("tg_chats", "42", "{}");

        foreach (var name in new[]
        {
            Entry(database, "candle-events", "BTCUSDT.1748736000"), Entry(database, SwingIntentCodec.Collection, "SOLUSDT-1748736000"),
            Entry(database, "partials.BTCUSDT.1748736000", "run.1"), Entry(database, "tg_claims", "abc-0"), database.DocumentName("telegram_updates", "1001"),
        })
        {
            var document = await database.ReadAsync(name, default);
            Assert.True(document!.Fields.TryGetValue(StateRetention.ExpiryField, out var expiry), $"{name} has no {StateRetention.ExpiryField}");
            Assert.Equal(expected, expiry.TimestampValue.ToDateTimeOffset());
        }

        foreach (var name in new[] { Entry(database, "logic-engine", "watermark"), Entry(database, "logic-journal", "001748736000"), Entry(database, "tg_chats", "42") })
        {
            var document = await database.ReadAsync(name, default);
            Assert.False(document!.Fields.ContainsKey(StateRetention.ExpiryField), $"{name} must never expire");
        }
    }

    [Fact]
    public async Task Put_RewriteAfterFiveDays_ExpiryMovesWithTheRewrite()
    {
        var database = new FirestoreDatabase(_channels, _test.Options, timeProvider: _clock);
        var state = new FirestoreStateStore(database);
        await state.TryCreateAsync("candle-events", "BTCUSDT.1", "pending");

        _clock.Advance(TimeSpan.FromDays(5));
        await state.PutAsync("candle-events", "BTCUSDT.1", "published");

        var document = await database.ReadAsync(Entry(database, "candle-events", "BTCUSDT.1"), default);
        Assert.Equal(_clock.GetUtcNow() + StateRetention.RedeliveryWindow, document!.Fields[StateRetention.ExpiryField].TimestampValue.ToDateTimeOffset());
    }

    private static string Entry(FirestoreDatabase database, string collection, string key) =>
        database.DocumentName(FirestoreCollections.State, collection, FirestoreCollections.StateEntries, key);
}

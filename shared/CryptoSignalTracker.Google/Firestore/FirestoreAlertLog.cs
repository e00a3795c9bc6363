using System.Globalization;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Protos.Firestore;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary><see cref="IAlertLog"/> as documents <c>alert_deliveries/{signal id}@{chat id}</c>, created if absent.</summary>
public sealed class FirestoreAlertLog : IAlertLog
{
    private readonly FirestoreDatabase _database;

    /// <summary>Creates the log on <paramref name="database"/>.</summary>
    public FirestoreAlertLog(FirestoreDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public Task<bool> RecordAsync(AlertDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        StoreNames.Validate(delivery.SignalId, "signal id");
        var id = string.Create(CultureInfo.InvariantCulture, $"{delivery.SignalId}@{delivery.ChatId}");
        // '@' is fine in a Firestore document id; validate the parts, then build the name directly.
        var name = $"{_database.Options.DocumentsRoot}/{FirestoreCollections.AlertDeliveries}/{id}";
        var fields = new Dictionary<string, Value>
        {
            ["signal_id"] = FirestoreFields.Of(delivery.SignalId),
            ["chat_id"] = FirestoreFields.Of(delivery.ChatId),
            ["message_id"] = FirestoreFields.Of(delivery.MessageId),
            ["sent_at_ms"] = FirestoreFields.Of(delivery.SentAtMs),
        };
        return _database.TryCreateAsync(name, fields, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AlertDelivery>> ListAsync(string signalId, CancellationToken cancellationToken = default)
    {
        StoreNames.Validate(signalId, nameof(signalId));
        var documents = await _database.QueryAsync(null, FirestoreCollections.AlertDeliveries, "signal_id", FirestoreFields.Of(signalId), cancellationToken)
            .ConfigureAwait(false);
        return documents
            .Select(d => new AlertDelivery(
                FirestoreFields.String(d, "signal_id"),
                FirestoreFields.Integer(d, "chat_id"),
                FirestoreFields.Integer(d, "message_id"),
                FirestoreFields.Integer(d, "sent_at_ms")))
            .OrderBy(a => a.ChatId)
            .ToArray();
    }
}

using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary><see cref="IAlertLog"/> in the <c>alert_deliveries</c> table of a <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteAlertLog : IAlertLog
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the log on <paramref name="database"/>.</summary>
    public SqliteAlertLog(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public Task<bool> RecordAsync(AlertDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        StoreNames.Validate(delivery.SignalId, "signal id");
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO alert_deliveries (signal_id, chat_id, message_id, sent_at_ms)
            VALUES ($signal, $chat, $message, $sent)
            """;
        command.Parameters.AddWithValue("$signal", delivery.SignalId);
        command.Parameters.AddWithValue("$chat", delivery.ChatId);
        command.Parameters.AddWithValue("$message", delivery.MessageId);
        command.Parameters.AddWithValue("$sent", delivery.SentAtMs);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertDelivery>> ListAsync(string signalId, CancellationToken cancellationToken = default)
    {
        StoreNames.Validate(signalId, nameof(signalId));
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT chat_id, message_id, sent_at_ms FROM alert_deliveries WHERE signal_id = $signal ORDER BY chat_id";
        command.Parameters.AddWithValue("$signal", signalId);
        using var r = command.ExecuteReader();
        var list = new List<AlertDelivery>();
        while (r.Read())
        {
            var record = $"alert_deliveries {signalId}";
            list.Add(new AlertDelivery(signalId, SqliteValues.Integer(r, 0, record), SqliteValues.Integer(r, 1, record), SqliteValues.Integer(r, 2, record)));
        }

        return Task.FromResult<IReadOnlyList<AlertDelivery>>(list);
    }
}

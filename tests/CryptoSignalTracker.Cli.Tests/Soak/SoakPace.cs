using Microsoft.Data.Sqlite;

namespace CryptoSignalTracker.Cli.Tests.Soak;

/// <summary>
/// Accelerated time that the pipeline can follow: the fake Bybit may push at most <see cref="LeadMinutes"/> minutes
/// beyond the newest minute every symbol has in the store (real time holds a live feed to the same pace), so the
/// soak runs as fast as the pipeline takes it and a SIGKILL loses minutes in flight, not the whole rest of the feed.
/// </summary>
internal sealed class SoakPace(string database, long startMs, int symbols)
{
    public const int LeadMinutes = 15;

    private int _storedMinutes;

    /// <summary>
    /// Waits until frame <paramref name="sent"/>+1 (one per symbol and minute) is within the lead, or half a second at
    /// most: the market does not wait for a stalled pipeline (a restarted process needs new pushes to find its gap),
    /// so the feed never goes slower than one simulated minute per second.
    /// </summary>
    public async Task BeforeFrameAsync(int sent, CancellationToken cancellationToken)
    {
        var waited = 0;
        while (sent >= (Volatile.Read(ref _storedMinutes) + LeadMinutes) * symbols && waited < 500)
        {
            await Task.Delay(50, cancellationToken);
            waited += 50;
            Refresh();
        }
    }

    private void Refresh()
    {
        if (!File.Exists(database))
        {
            return;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), MIN(newest) FROM (SELECT MAX(open_time_ms) AS newest FROM candles GROUP BY symbol)";
            using var reader = command.ExecuteReader();
            if (reader.Read() && reader.GetInt64(0) == symbols)
            {
                Volatile.Write(ref _storedMinutes, (int)((reader.GetInt64(1) - startMs) / SoakSeries.MinuteMs) + 1);
            }
        }
        catch (SqliteException)
        {
            // the table is not there yet, or the writer holds it a moment: read again next time
        }
    }
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Embedded.Sqlite;

/// <summary><see cref="IBiasStore"/> in the <c>macro_bias</c> table of a <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteBiasStore : IBiasStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store on <paramref name="database"/>.</summary>
    public SqliteBiasStore(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public Task PutAsync(MacroBias bias, CancellationToken cancellationToken = default)
    {
        BiasGuard.Validate(bias);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO macro_bias (symbol, side, confidence, published_at_ms, expires_at_ms, note)
            VALUES ($symbol, $side, $confidence, $published, $expires, $note)
            """;
        SqliteValues.Add(command, "$symbol", bias.Symbol);
        SqliteValues.Add(command, "$side", WireNames.Of(bias.Side));
        SqliteValues.Add(command, "$confidence", bias.Confidence);
        SqliteValues.Add(command, "$published", bias.PublishedAtMs);
        SqliteValues.Add(command, "$expires", bias.ExpiresAtMs);
        SqliteValues.Add(command, "$note", bias.Note);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MacroBias?> GetAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var found = Query(Symbols.Normalize(symbol));
        return Task.FromResult(found.Count == 0 ? null : found[0]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MacroBias>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MacroBias>>(Query(null));

    private List<MacroBias> Query(string? symbol)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT symbol, side, confidence, published_at_ms, expires_at_ms, note FROM macro_bias"
            + (symbol is null ? string.Empty : " WHERE symbol = $symbol") + " ORDER BY symbol";
        if (symbol is not null)
        {
            command.Parameters.AddWithValue("$symbol", symbol);
        }

        using var r = command.ExecuteReader();
        var list = new List<MacroBias>();
        while (r.Read())
        {
            var record = $"macro_bias {r.GetValue(0)}";
            list.Add(SqliteValues.Decode(record, () => new MacroBias(
                SqliteValues.Text(r, 0, record),
                WireNames.ParseDirection(SqliteValues.Text(r, 1, record)),
                SqliteValues.Real(r, 2, record),
                SqliteValues.Integer(r, 3, record),
                SqliteValues.Integer(r, 4, record),
                SqliteValues.OptionalText(r, 5, record))));
        }

        return list;
    }
}

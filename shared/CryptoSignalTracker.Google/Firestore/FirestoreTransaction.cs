using CryptoSignalTracker.Google.Protos.Firestore;
using Google.Protobuf;

namespace CryptoSignalTracker.Google.Firestore;

/// <summary>
/// One attempt of a read-write transaction (see <see cref="FirestoreDatabase.RunTransactionAsync{T}"/>):
/// reads go to the server inside the transaction; writes are buffered and sent with the commit. As
/// Firestore requires, do every read before the first write.
/// </summary>
public sealed class FirestoreTransaction
{
    private readonly FirestoreDatabase _database;
    private readonly List<Write> _writes = [];

    internal FirestoreTransaction(FirestoreDatabase database, ByteString id)
    {
        _database = database;
        Id = id;
    }

    /// <summary>The server's transaction id.</summary>
    public ByteString Id { get; }

    /// <summary>The writes buffered so far.</summary>
    public IReadOnlyList<Write> Writes => _writes;

    /// <summary>Reads a document inside the transaction; null when absent.</summary>
    public Task<Document?> GetAsync(string name, CancellationToken cancellationToken) => _database.GetAsync(name, Id, cancellationToken);

    /// <summary>Buffers a create that fails the commit if the document appeared meanwhile (the transaction is then retried).</summary>
    public void Create(string name, IDictionary<string, Value> fields) =>
        _writes.Add(new Write { Update = Document(name, fields), CurrentDocument = new Precondition { Exists = false } });

    /// <summary>Buffers an upsert.</summary>
    public void Set(string name, IDictionary<string, Value> fields) => _writes.Add(new Write { Update = Document(name, fields) });

    /// <summary>Buffers a delete.</summary>
    public void Delete(string name) => _writes.Add(new Write { Delete = name });

    private static Document Document(string name, IDictionary<string, Value> fields)
    {
        var document = new Document { Name = name };
        document.Fields.Add(fields);
        return document;
    }
}

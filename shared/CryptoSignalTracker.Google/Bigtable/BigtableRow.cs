using Google.Protobuf;

namespace CryptoSignalTracker.Google.Bigtable;

/// <summary>A committed Bigtable row: its key and its cells in the order the server sent them.</summary>
/// <param name="Key">Row key.</param>
/// <param name="Cells">Cells grouped by family and column; within a column newest first.</param>
public sealed record BigtableRow(ByteString Key, IReadOnlyList<BigtableCell> Cells)
{
    /// <summary>The row key as UTF-8 text (for messages).</summary>
    public string KeyText => Key.ToStringUtf8();
}

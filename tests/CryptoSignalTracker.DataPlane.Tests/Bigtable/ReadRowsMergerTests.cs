using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Protos.Bigtable;
using Google.Protobuf;
using Chunk = CryptoSignalTracker.Google.Protos.Bigtable.ReadRowsResponse.Types.CellChunk;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>The chunk merger on hand-built chunk sequences (the emulator never splits cells or resets rows).</summary>
public sealed class ReadRowsMergerTests
{
    [Fact]
    public void Add_OneChunkRow_CommitsIt()
    {
        var rows = Merge([Cell("BTCUSDT#1", "market", "close", 1000, "104337.8", commit: true)]);

        var row = Assert.Single(rows);
        Assert.Equal("BTCUSDT#1", row.KeyText);
        Assert.Equal([new BigtableCell("market", Bytes("close"), 1000, Bytes("104337.8"), [])], row.Cells);
    }

    [Fact]
    public void Add_CellSplitOverThreeChunks_ConcatenatesTheValue()
    {
        var rows = Merge(
        [
            Cell("k1", "market", "close", 5000, "1043", valueSize: 8, labels: ["l1"]),
            new Chunk { Value = Bytes("37."), ValueSize = 8 },
            new Chunk { Value = Bytes("8"), CommitRow = true },
        ]);

        var cell = Assert.Single(Assert.Single(rows).Cells);
        Assert.Equal("1043" + "37." + "8", cell.Value.ToStringUtf8());
        Assert.Equal(5000, cell.TimestampMicros);
        Assert.Equal(["l1"], cell.Labels);
    }

    [Fact]
    public void Add_FamilyAndQualifierOmitted_AreCarriedOverFromThePreviousCell()
    {
        var rows = Merge(
        [
            Cell("k1", "market", "open", 2000, "1"),
            new Chunk { Qualifier = Bytes("close"), TimestampMicros = 2000, Value = Bytes("2") },
            new Chunk { TimestampMicros = 1000, Value = Bytes("1.5") },
            new Chunk { FamilyName = "other", Qualifier = Bytes(string.Empty), TimestampMicros = 3000, Value = Bytes("x"), CommitRow = true },
        ]);

        Assert.Equal(
            [("market", "open", 2000L, "1"), ("market", "close", 2000L, "2"), ("market", "close", 1000L, "1.5"), ("other", string.Empty, 3000L, "x")],
            Assert.Single(rows).Cells.Select(c => (c.Family, c.Qualifier.ToStringUtf8(), c.TimestampMicros, c.Value.ToStringUtf8())));
    }

    [Fact]
    public void Add_ResetRow_DropsTheBufferedCellsAndTheResentRowIsClean()
    {
        var rows = Merge(
        [
            Cell("k1", "market", "open", 1000, "stale"),
            Cell(string.Empty, "market", "close", 1000, "par", valueSize: 6),
            new Chunk { Value = Bytes("tial") },
            new Chunk { ResetRow = true },
            Cell("k1", "market", "open", 2000, "fresh", commit: true),
        ]);

        var row = Assert.Single(rows);
        Assert.Equal("fresh", Assert.Single(row.Cells).Value.ToStringUtf8());
    }

    [Fact]
    public void Add_RowsSpanningResponses_ContinueWithAnEmptyRowKey()
    {
        var merger = new ReadRowsMerger();
        var rows = new List<BigtableRow>();

        merger.Add(Response(Cell("k1", "market", "open", 1000, "1")), rows);
        merger.Add(Response(new Chunk { Qualifier = Bytes("close"), TimestampMicros = 1000, Value = Bytes("2"), CommitRow = true }, Cell("k2", "market", "open", 1000, "3")), rows);
        Assert.True(merger.RowInProgress);
        merger.Add(Response(new Chunk { CommitRow = true, TimestampMicros = 1000, Qualifier = Bytes("close"), Value = Bytes("4") }), rows);
        merger.Complete();

        Assert.Equal(["k1", "k2"], rows.Select(r => r.KeyText));
        Assert.Equal(2, rows[1].Cells.Count);
        Assert.Equal("k2", merger.LastCommittedKey!.ToStringUtf8());
    }

    [Fact]
    public void Add_ReversedRead_AcceptsDescendingKeys()
    {
        var rows = Merge([Cell("k2", "f", "q", 1, "a", commit: true), Cell("k1", "f", "q", 1, "b", commit: true)], reversed: true);

        Assert.Equal(["k2", "k1"], rows.Select(r => r.KeyText));
    }

    [Fact]
    public void Add_EmulatorStyleRepeatedKeyFamilyQualifier_IsAccepted()
    {
        var rows = Merge(
        [
            Cell("k1", "market", "close", 2000, "2"),
            Cell("k1", "market", "close", 1000, "1"),
            Cell("k1", "market", "open", 2000, "0", commit: true),
        ]);

        Assert.Equal(3, Assert.Single(rows).Cells.Count);
    }

    public static TheoryData<string, Chunk[]> InvalidStreams => new()
    {
        { "without a row key", [new Chunk { FamilyName = "f", Qualifier = Bytes("q"), Value = Bytes("v") }] },
        { "without a family and qualifier", [new Chunk { RowKey = Bytes("k1"), Value = Bytes("v") }] },
        { "without a qualifier", [Cell("k1", "f", "q", 1, "v"), new Chunk { FamilyName = "g", Value = Bytes("v") }] },
        { "without commit_row", [Cell("k1", "f", "q", 1, "v"), Cell("k2", "f", "q", 1, "v")] },
        { "out of order", [Cell("k2", "f", "q", 1, "v", commit: true), Cell("k1", "f", "q", 1, "v", commit: true)] },
        { "out of order", [Cell("k1", "f", "q", 1, "v", commit: true), Cell("k1", "f", "q", 1, "v", commit: true)] },
        { "committed in the middle of a split cell", [Cell("k1", "f", "q", 1, "va", valueSize: 4, commit: true)] },
        { "reset_row with no row", [new Chunk { ResetRow = true }] },
        { "carries data", [Cell("k1", "f", "q", 1, "v"), new Chunk { ResetRow = true, Value = Bytes("x") }] },
        { "continuation chunk", [Cell("k1", "f", "q", 1, "va", valueSize: 4), new Chunk { Qualifier = Bytes("r"), Value = Bytes("lue") }] },
    };

    [Theory]
    [MemberData(nameof(InvalidStreams))]
    public void Add_ProtocolViolation_ThrowsSayingWhat(string expected, Chunk[] chunks)
    {
        var merger = new ReadRowsMerger();

        var error = Assert.Throws<ReadRowsProtocolException>(() =>
        {
            foreach (var chunk in chunks)
            {
                merger.Add(chunk);
            }
        });

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Complete_StreamEndsInsideARow_Throws()
    {
        var merger = new ReadRowsMerger();
        merger.Add(Cell("k1", "f", "q", 1, "v"));

        var error = Assert.Throws<ReadRowsProtocolException>(merger.Complete);

        Assert.Contains("stream ended inside row 'k1'", error.Message);
    }

    [Fact]
    public void DiscardPartialRow_ThenResume_ContinuesAfterLastCommittedKey()
    {
        var merger = new ReadRowsMerger();
        merger.Add(Cell("k1", "f", "q", 1, "v", commit: true));
        merger.Add(Cell("k2", "f", "q", 1, "v"));

        merger.DiscardPartialRow();
        var row = merger.Add(Cell("k2", "f", "q", 1, "w", commit: true));

        Assert.Equal("w", Assert.Single(row!.Cells).Value.ToStringUtf8());
        Assert.Equal("k2", merger.LastCommittedKey!.ToStringUtf8());
    }

    private static List<BigtableRow> Merge(Chunk[] chunks, bool reversed = false)
    {
        var merger = new ReadRowsMerger(reversed);
        var rows = new List<BigtableRow>();
        merger.Add(Response(chunks), rows);
        merger.Complete();
        return rows;
    }

    private static ReadRowsResponse Response(params Chunk[] chunks) => new() { Chunks = { chunks } };

    private static Chunk Cell(string key, string family, string qualifier, long timestamp, string value, int valueSize = 0, bool commit = false, string[]? labels = null)
    {
        var chunk = new Chunk
        {
            RowKey = Bytes(key),
            FamilyName = family,
            Qualifier = Bytes(qualifier),
            TimestampMicros = timestamp,
            Value = Bytes(value),
            ValueSize = valueSize,
            Labels = { labels ?? [] },
        };
        if (commit)
        {
            chunk.CommitRow = true;
        }

        return chunk;
    }

    private static ByteString Bytes(string text) => ByteString.CopyFromUtf8(text);
}

using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Data;

/// <summary>Reading ahead on another thread must hand out exactly the source's pieces, in order, and its error where it occurred.</summary>
public sealed class CandleReadAheadTests
{
    private static readonly string Btc = DataFiles.Bundled("sample/bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 2)]
    [InlineData(50_000, 3)]
    public void Of_RealFileInPieces_GivesTheSourcesCandlesInOrder(int piece, int depth)
    {
        var all = new List<Candle>();
        foreach (var chunk in CandleReadAhead.Of(CandleCsvReader.ReadFileChunks(Btc, piece), depth))
        {
            all.AddRange(chunk.Span);
        }

        Assert.Equal(CandleCsvReader.ReadFile(Btc), all);
    }

    [Fact]
    public void Of_SourceFailsAfterSomePieces_GivesThosePiecesThenTheSameError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"read-ahead-{Guid.NewGuid():N}.csv");
        try
        {
            var lines = File.ReadAllLines(Btc);
            lines[2_501] = lines[2_501].Replace("+00:00", "+99:00", StringComparison.Ordinal);
            File.WriteAllLines(path, lines);
            var seen = 0;

            var ex = Assert.Throws<DataFormatException>(() =>
            {
                foreach (var chunk in CandleReadAhead.Of(CandleCsvReader.ReadFileChunks(path, 1000)))
                {
                    seen += chunk.Length;
                }
            });

            Assert.Equal(2_000, seen);
            Assert.Equal(2_502, ex.Line);
            Assert.Equal(path, ex.Source);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Dispose_AfterTheFirstPiece_StopsTheReadingThreadAndClosesTheSource()
    {
        var closed = new ManualResetEventSlim();
        var produced = 0;
        IEnumerable<ReadOnlyMemory<Candle>> Endless()
        {
            try
            {
                var buffer = new Candle[10];
                while (true)
                {
                    Interlocked.Increment(ref produced);
                    yield return buffer;
                }
            }
            finally
            {
                closed.Set();
            }
        }

        using (var pieces = CandleReadAhead.Of(Endless(), 2).GetEnumerator())
        {
            Assert.True(pieces.MoveNext());
        }

        Assert.True(closed.Wait(TimeSpan.FromSeconds(10)));
        Assert.InRange(Volatile.Read(ref produced), 1, 4);
    }
}

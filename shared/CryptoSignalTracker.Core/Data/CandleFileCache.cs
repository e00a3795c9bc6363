using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// A binary copy of a candle CSV beside it (<c>FILE.csv.cstcache</c>), so that reading a year of candles again costs a
/// file copy instead of a parse. The CSV stays the source of truth: the cache holds the CSV's size and last-write time
/// and is used only while both still match, and only when its own header, length and XxHash3 checksum are intact;
/// otherwise the CSV is read with <see cref="CandleCsvReader"/> (every rule applies, errors name the CSV's line) and
/// a fresh cache is written. Deleting the cache files is always safe.
/// </summary>
/// <remarks>
/// <para>Layout (little-endian): "CSTCANDL", version, flags, CSV size, CSV last-write time (UTC ticks), candle count,
/// XxHash3 of the records; then the records. When every candle has no trade count and no buy/sell split (the Bybit
/// layout), a record is time and the five numbers (48 bytes), else the whole <see cref="Candle"/> (72 bytes).</para>
/// <para>The cache is written to a temporary file and renamed into place once the whole CSV was read, so a crash never
/// leaves a half-written cache under the final name. When the directory cannot be written (a read-only data folder)
/// the CSV is read every time and nothing else changes.</para>
/// </remarks>
public static class CandleFileCache
{
    /// <summary>What is appended to the CSV's path to name its cache.</summary>
    public const string Extension = ".cstcache";

    private const ulong Magic = 0x4C444E4143545343; // "CSTCANDL"
    private const int Version = 1;
    private const int HeaderBytes = 56;
    private const int PlainRecordBytes = 48;
    private const int FullRecordBytes = 72;
    private const int FlagPlain = 1;

    /// <summary>The cache file of <paramref name="csvPath"/>.</summary>
    public static string PathFor(string csvPath) => csvPath + Extension;

    /// <summary>
    /// Reads every candle of <paramref name="csvPath"/>: from its cache when that is valid, else from the CSV (then the
    /// cache is written for next time).
    /// </summary>
    /// <exception cref="DataFormatException">The CSV has a bad row or header.</exception>
    public static Candle[] Read(string csvPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        var stamp = Stamp.Of(csvPath);
        if (TryReadAll(csvPath, stamp) is { } cached)
        {
            return cached;
        }

        var candles = (Candle[])CandleCsvReader.ReadFile(csvPath);
        TryWrite(csvPath, stamp, [candles]);
        return candles;
    }

    /// <summary>
    /// The candles of <paramref name="csvPath"/> piece by piece (see <see cref="CandleCsvReader.ReadFileChunks"/>): from
    /// the cache when it is valid (its checksum is checked before the first piece), else from the CSV while a fresh cache
    /// is written beside it (kept only when the CSV was read to its end). <paramref name="expectedCandles"/> is the
    /// cache's count, or an estimate from the CSV's size.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<Candle>> ReadChunks(string csvPath, out long expectedCandles, int chunkCandles = CandleCsvReader.ChunkCandles)
    {
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkCandles, 1);
        var stamp = Stamp.Of(csvPath);
        var header = Unverified(csvPath, stamp);
        expectedCandles = header?.Count ?? Math.Max(1, stamp.Size / 64);
        return Chunks(csvPath, stamp, header is not null, chunkCandles);
    }

    /// <summary>True when <paramref name="csvPath"/> has a cache that would be used now.</summary>
    public static bool IsValid(string csvPath) => Verified(csvPath, Stamp.Of(csvPath)) is not null;

    /// <summary>The checksum is checked on the first MoveNext (so on the reading thread of <see cref="CandleReadAhead"/>).</summary>
    private static IEnumerable<ReadOnlyMemory<Candle>> Chunks(string csvPath, Stamp stamp, bool cached, int chunkCandles)
    {
        var pieces = cached && Verified(csvPath, stamp) is { } header
            ? CachedChunks(csvPath, header, chunkCandles)
            : CsvChunks(csvPath, stamp, chunkCandles);
        foreach (var piece in pieces)
        {
            yield return piece;
        }
    }

    private static IEnumerable<ReadOnlyMemory<Candle>> CachedChunks(string csvPath, Header header, int chunkCandles)
    {
        using var file = OpenRead(PathFor(csvPath));
        file.Position = HeaderBytes;
        var buffer = new Candle[chunkCandles];
        var bytes = new byte[chunkCandles * header.RecordBytes];
        for (long left = header.Count; left > 0;)
        {
            var n = (int)Math.Min(left, chunkCandles);
            file.ReadExactly(bytes, 0, n * header.RecordBytes);
            Decode(bytes.AsSpan(0, n * header.RecordBytes), buffer.AsSpan(0, n), header.Plain);
            left -= n;
            yield return buffer.AsMemory(0, n);
        }
    }

    private static IEnumerable<ReadOnlyMemory<Candle>> CsvChunks(string csvPath, Stamp stamp, int chunkCandles)
    {
        var writer = CacheWriter.TryStart(csvPath, stamp);
        var complete = false;
        try
        {
            foreach (var chunk in CandleCsvReader.ReadFileChunks(csvPath, chunkCandles))
            {
                writer?.Add(chunk.Span);
                yield return chunk;
            }

            complete = true;
        }
        finally
        {
            writer?.Finish(complete);
        }
    }

    private static Candle[]? TryReadAll(string csvPath, Stamp stamp)
    {
        try
        {
            using var file = OpenRead(PathFor(csvPath));
            if (ReadHeader(file, stamp) is not { } header)
            {
                return null;
            }

            if (header.Count * header.RecordBytes > Array.MaxLength)
            {
                return null; // more than one array holds: read from the CSV (streaming readers use ReadChunks)
            }

            var bytes = new byte[header.Count * header.RecordBytes];
            file.ReadExactly(bytes);
            if (XxHash3.HashToUInt64(bytes) != header.Checksum)
            {
                return null;
            }

            var candles = new Candle[header.Count];
            Decode(bytes, candles, header.Plain);
            return candles;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The cache's header when the cache is there and matches the CSV in size and time, its checksum not yet checked.</summary>
    private static Header? Unverified(string csvPath, Stamp stamp)
    {
        try
        {
            using var file = OpenRead(PathFor(csvPath));
            return ReadHeader(file, stamp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The cache's header when the cache is there, matches the CSV and its records hash to the stored checksum.</summary>
    private static Header? Verified(string csvPath, Stamp stamp)
    {
        try
        {
            using var file = OpenRead(PathFor(csvPath));
            if (ReadHeader(file, stamp) is not { } header)
            {
                return null;
            }

            var hash = new XxHash3();
            var buffer = new byte[1 << 20];
            for (long left = header.Count * header.RecordBytes; left > 0;)
            {
                var n = (int)Math.Min(left, buffer.Length);
                file.ReadExactly(buffer, 0, n);
                hash.Append(buffer.AsSpan(0, n));
                left -= n;
            }

            return hash.GetCurrentHashAsUInt64() == header.Checksum ? header : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Header? ReadHeader(FileStream file, Stamp stamp)
    {
        Span<byte> h = stackalloc byte[HeaderBytes];
        if (file.Length < HeaderBytes)
        {
            return null;
        }

        file.ReadExactly(h);
        var flags = BinaryPrimitives.ReadInt32LittleEndian(h[12..]);
        var header = new Header(
            (flags & FlagPlain) != 0,
            BinaryPrimitives.ReadInt64LittleEndian(h[32..]),
            BinaryPrimitives.ReadUInt64LittleEndian(h[40..]));
        var valid = BinaryPrimitives.ReadUInt64LittleEndian(h) == Magic
            && BinaryPrimitives.ReadInt32LittleEndian(h[8..]) == Version
            && BinaryPrimitives.ReadInt64LittleEndian(h[16..]) == stamp.Size
            && BinaryPrimitives.ReadInt64LittleEndian(h[24..]) == stamp.WriteTicks
            && header.Count >= 0
            && file.Length == HeaderBytes + (header.Count * header.RecordBytes);
        return valid ? header : null;
    }

    private static void Decode(ReadOnlySpan<byte> bytes, Span<Candle> candles, bool plain)
    {
        if (!plain)
        {
            MemoryMarshal.Cast<byte, Candle>(bytes).CopyTo(candles);
            return;
        }

        var records = MemoryMarshal.Cast<byte, PlainRecord>(bytes);
        for (var i = 0; i < records.Length; i++)
        {
            ref readonly var r = ref records[i];
            candles[i] = new Candle(r.OpenTimeMs, r.Open, r.High, r.Low, r.Close, r.Volume);
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    private static bool IsPlain(in Candle c) => c.Trades == -1 && double.IsNaN(c.BuyVolume) && double.IsNaN(c.SellVolume);

    private static void TryWrite(string csvPath, Stamp stamp, IEnumerable<Candle[]> parts)
    {
        var writer = CacheWriter.TryStart(csvPath, stamp);
        if (writer is null)
        {
            return;
        }

        foreach (var part in parts)
        {
            writer.Add(part);
        }

        writer.Finish(complete: true);
    }

    /// <summary>The CSV's identity as far as the cache is concerned: its size and last-write time.</summary>
    private readonly record struct Stamp(long Size, long WriteTicks)
    {
        public static Stamp Of(string csvPath)
        {
            var info = new FileInfo(csvPath);
            return info.Exists ? new Stamp(info.Length, info.LastWriteTimeUtc.Ticks) : new Stamp(-1, -1);
        }
    }

    private sealed record Header(bool Plain, long Count, ulong Checksum)
    {
        public int RecordBytes => Plain ? PlainRecordBytes : FullRecordBytes;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 8)]
    private readonly record struct PlainRecord(long OpenTimeMs, double Open, double High, double Low, double Close, double Volume);

    /// <summary>
    /// Writes a cache while the CSV is read: records go to a temporary file (full records, since whether every candle is
    /// plain is known only at the end; rewritten plain then), renamed into place only when the whole CSV was read.
    /// </summary>
    private sealed class CacheWriter
    {
        private readonly string _csvPath;
        private readonly Stamp _stamp;
        private readonly string _temporary;
        private readonly FileStream _file;
        private readonly XxHash3 _hash = new();
        private bool _plain = true;
        private long _count;
        private PlainRecord[] _plainBuffer = [];

        private CacheWriter(string csvPath, Stamp stamp, string temporary, FileStream file)
        {
            _csvPath = csvPath;
            _stamp = stamp;
            _temporary = temporary;
            _file = file;
        }

        public static CacheWriter? TryStart(string csvPath, Stamp stamp)
        {
            if (stamp.Size < 0)
            {
                return null;
            }

            var temporary = $"{PathFor(csvPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            try
            {
                var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                file.Position = HeaderBytes;
                return new CacheWriter(csvPath, stamp, temporary, file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null; // a read-only data folder: no cache, the CSV is read every time
            }
        }

        public void Add(ReadOnlySpan<Candle> candles)
        {
            try
            {
                foreach (ref readonly var c in candles)
                {
                    _plain &= IsPlain(c);
                }

                _file.Write(MemoryMarshal.AsBytes(candles));
                _count += candles.Length;
            }
            catch (IOException)
            {
                _count = -1; // disk full or similar: give up on the cache, never on the read
            }
        }

        public void Finish(bool complete)
        {
            try
            {
                if (complete && _count >= 0 && File.Exists(_csvPath) && Stamp.Of(_csvPath) == _stamp)
                {
                    if (_plain)
                    {
                        Compact();
                    }
                    else
                    {
                        _file.Position = HeaderBytes;
                        HashRest();
                    }

                    WriteHeader();
                    _file.Dispose();
                    File.Move(_temporary, PathFor(_csvPath), overwrite: true);
                    return;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // fall through: the cache is only an optimisation
            }

            _file.Dispose();
            try
            {
                File.Delete(_temporary);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // a stray temporary file is harmless; the next run writes its own
            }
        }

        /// <summary>Rewrites the full records in place as plain ones (the file only shrinks, so reading stays ahead of writing).</summary>
        private void Compact()
        {
            var full = new Candle[4096];
            var fullBytes = MemoryMarshal.AsBytes(full.AsSpan());
            _plainBuffer = new PlainRecord[full.Length];
            long readAt = HeaderBytes, writeAt = HeaderBytes;
            for (var left = _count; left > 0;)
            {
                var n = (int)Math.Min(left, full.Length);
                _file.Position = readAt;
                _file.ReadExactly(fullBytes[..(n * FullRecordBytes)]);
                readAt += n * FullRecordBytes;
                for (var i = 0; i < n; i++)
                {
                    ref readonly var c = ref full[i];
                    _plainBuffer[i] = new PlainRecord(c.OpenTimeMs, c.Open, c.High, c.Low, c.Close, c.Volume);
                }

                var plain = MemoryMarshal.AsBytes(_plainBuffer.AsSpan(0, n));
                _hash.Append(plain);
                _file.Position = writeAt;
                _file.Write(plain);
                writeAt += plain.Length;
                left -= n;
            }

            _file.SetLength(writeAt);
        }

        private void HashRest()
        {
            var buffer = new byte[1 << 20];
            int n;
            while ((n = _file.Read(buffer)) > 0)
            {
                _hash.Append(buffer.AsSpan(0, n));
            }
        }

        private void WriteHeader()
        {
            Span<byte> h = stackalloc byte[HeaderBytes];
            h.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(h, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(h[8..], Version);
            BinaryPrimitives.WriteInt32LittleEndian(h[12..], _plain ? FlagPlain : 0);
            BinaryPrimitives.WriteInt64LittleEndian(h[16..], _stamp.Size);
            BinaryPrimitives.WriteInt64LittleEndian(h[24..], _stamp.WriteTicks);
            BinaryPrimitives.WriteInt64LittleEndian(h[32..], _count);
            BinaryPrimitives.WriteUInt64LittleEndian(h[40..], _hash.GetCurrentHashAsUInt64());
            _file.Position = 0;
            _file.Write(h);
            _file.Flush(flushToDisk: false);
        }
    }
}

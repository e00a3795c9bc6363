using System.Text;

namespace CryptoSignalTracker.Core.Data;

/// <summary>Opens data files the same way for every reader: UTF-8 (a byte order mark is allowed), large buffer; a gzip file is refused by name.</summary>
internal static class DataFile
{
    private const int BufferBytes = 1 << 16;

    public static StreamReader OpenText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var n = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        if (n == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            stream.Dispose();
            throw new DataFormatException(path, 1, "the file is gzip-compressed; decompress it first (gunzip)");
        }

        return new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, BufferBytes);
    }
}

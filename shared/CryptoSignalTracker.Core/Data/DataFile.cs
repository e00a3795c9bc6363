using System.Text;

namespace CryptoSignalTracker.Core.Data;

/// <summary>Opens data files the same way for every reader: UTF-8 (a byte order mark is allowed), large buffer.</summary>
internal static class DataFile
{
    private const int BufferBytes = 1 << 16;

    public static StreamReader OpenText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan);
        return new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, BufferBytes);
    }
}

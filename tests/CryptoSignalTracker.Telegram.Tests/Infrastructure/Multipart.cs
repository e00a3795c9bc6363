using System.Text;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>A small multipart/form-data parser for the fake server (Telegram.Bot sends uploads this way, protocols.md §3.11).</summary>
public static class Multipart
{
    /// <summary>Splits <paramref name="body"/> into named string fields and file parts.</summary>
    public static (Dictionary<string, string> Fields, Dictionary<string, byte[]> Files) Parse(byte[] body, string contentType)
    {
        var boundaryAt = contentType.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
        if (boundaryAt < 0)
        {
            throw new FormatException($"multipart content type without boundary: {contentType}");
        }

        var boundary = contentType[(boundaryAt + 9)..].Split(';')[0].Trim().Trim('"');
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var pos = IndexOf(body, delimiter, 0);
        while (pos >= 0)
        {
            var start = pos + delimiter.Length;
            if (start + 2 <= body.Length && body[start] == '-' && body[start + 1] == '-')
            {
                break; // closing delimiter
            }

            start += 2; // CRLF after the delimiter
            var next = IndexOf(body, delimiter, start);
            if (next < 0)
            {
                throw new FormatException("multipart body without a closing delimiter");
            }

            var part = body.AsSpan(start, next - start - 2); // minus the CRLF before the delimiter
            var headerEnd = IndexOf(part.ToArray(), "\r\n\r\n"u8.ToArray(), 0);
            var headers = Encoding.UTF8.GetString(part[..headerEnd]);
            var content = part[(headerEnd + 4)..].ToArray();
            var name = Attribute(headers, "name") ?? throw new FormatException($"multipart part without a name: {headers}");
            if (Attribute(headers, "filename") is not null || headers.Contains("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            {
                files[name] = content;
            }
            else
            {
                fields[name] = Encoding.UTF8.GetString(content);
            }

            pos = next;
        }

        return (fields, files);
    }

    private static string? Attribute(string headers, string attribute)
    {
        foreach (var piece in headers.Split(';', StringSplitOptions.TrimEntries))
        {
            var p = piece.Split("\r\n")[0];
            if (p.StartsWith(attribute + "=", StringComparison.OrdinalIgnoreCase))
            {
                return p[(attribute.Length + 1)..].Trim('"');
            }
        }

        return null;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from) =>
        from > haystack.Length ? -1 : haystack.AsSpan(from).IndexOf(needle) is var i and >= 0 ? i + from : -1;
}

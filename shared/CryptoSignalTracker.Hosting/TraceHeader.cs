using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Hosting;

/// <summary>Reads the trace of a request from W3C <c>traceparent</c> or Google's <c>X-Cloud-Trace-Context</c>.</summary>
public static class TraceHeader
{
    private const int TraceIdLength = 32;
    private const int SpanIdLength = 16;

    /// <summary>The trace and span id of the request, or null when neither header carries a well-formed one.</summary>
    public static (string TraceId, string? SpanId)? Read(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var traceparent = headers["traceparent"].ToString();
        var parts = traceparent.Split('-');
        if (parts.Length == 4 && parts[1].Length == TraceIdLength && IsHex(parts[1]) && parts[2].Length == SpanIdLength && IsHex(parts[2]))
        {
            return (parts[1], parts[2]);
        }

        // X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1 (span id decimal)
        var cloud = headers["X-Cloud-Trace-Context"].ToString();
        if (cloud.Length >= TraceIdLength && IsHex(cloud.AsSpan(0, TraceIdLength)))
        {
            var traceId = cloud[..TraceIdLength];
            var rest = cloud[TraceIdLength..];
            string? spanId = null;
            if (rest.StartsWith('/'))
            {
                var end = rest.IndexOf(';', StringComparison.Ordinal);
                var span = end < 0 ? rest[1..] : rest[1..end];
                if (span.Length > 0 && span.All(char.IsAsciiDigit))
                {
                    spanId = span;
                }
            }

            return (traceId, spanId);
        }

        return null;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

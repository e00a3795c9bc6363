using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Dashboard;

/// <summary>The pages' HTML, script and style, embedded in this assembly (nothing from a CDN).</summary>
internal static class DashboardAssets
{
    /// <summary>The pages' addresses; each serves index.html, whose script draws the page its address names.</summary>
    public static readonly string[] Pages = ["/", "/markets", "/positions", "/signals", "/equity"];

    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    /// <summary>The resource <paramref name="name"/> (under wwwroot/) as a response, not cached by the browser.</summary>
    public static IResult Result(string name)
    {
        var bytes = Cache.GetOrAdd(name, Read);
        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Bytes(bytes, type);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream($"wwwroot/{name}")
            ?? throw new InvalidOperationException($"the dashboard's resource wwwroot/{name} is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

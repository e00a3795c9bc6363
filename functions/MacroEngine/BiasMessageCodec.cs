using System.Text.Json;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>
/// The <c>macro-bias-updates</c> payload: <c>{"v":1,"symbol","direction","confidence","publishedAt","expiresAt"}</c>
/// (the same bias fields as the <c>bias</c> object of <c>trade-signals-micro</c> entries).
/// </summary>
public static class BiasMessageCodec
{
    /// <summary>The topic.</summary>
    public const string Topic = "macro-bias-updates";

    /// <summary>Encodes <paramref name="bias"/> as UTF-8 JSON.</summary>
    public static byte[] Encode(MacroBias bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("v", 1);
            w.WriteString("symbol", bias.Symbol);
            w.WriteString("direction", WireNames.Of(bias.Side));
            w.WriteNumber("confidence", bias.Confidence);
            w.WriteString("publishedAt", WireNames.Time(bias.PublishedAtMs));
            w.WriteString("expiresAt", WireNames.Time(bias.ExpiresAtMs));
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}

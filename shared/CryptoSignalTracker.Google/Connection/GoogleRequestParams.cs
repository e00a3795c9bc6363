using System.Text;
using Grpc.Core;

namespace CryptoSignalTracker.Google.Connection;

/// <summary>
/// Builds the <c>x-goog-request-params</c> routing header the real Google services use to route a call to the
/// resource's region/backend ("subscription=projects%2Fp%2Fsubscriptions%2Fs"). Emulators ignore it.
/// </summary>
public static class GoogleRequestParams
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "x-goog-request-params";

    /// <summary>Formats name=value pairs, values URL-encoded, joined by '&amp;'.</summary>
    public static string Format(params ReadOnlySpan<(string Name, string Value)> parameters)
    {
        if (parameters.IsEmpty)
        {
            throw new ArgumentException("At least one routing parameter is required.", nameof(parameters));
        }

        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(parameters));
            ArgumentNullException.ThrowIfNull(value, nameof(parameters));
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    /// <summary>Metadata holding only the routing header for the given pairs.</summary>
    public static Metadata Create(params ReadOnlySpan<(string Name, string Value)> parameters) =>
        new() { { HeaderName, Format(parameters) } };
}

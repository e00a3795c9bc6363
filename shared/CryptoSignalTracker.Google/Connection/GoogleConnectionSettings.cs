using Google.Apis.Auth.OAuth2;

namespace CryptoSignalTracker.Google.Connection;

/// <summary>How <see cref="GoogleChannelFactory"/> builds channels. Every member has a usable default.</summary>
public sealed class GoogleConnectionSettings
{
    /// <summary>Default for <see cref="MaxReceiveMessageBytes"/>: 64 MiB (Pub/Sub and Bigtable responses can be large).</summary>
    public const int DefaultMaxReceiveMessageBytes = 64 * 1024 * 1024;

    /// <summary>Default for <see cref="KeepAlivePingDelay"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultKeepAlivePingDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default for <see cref="ConnectTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Reads environment variables (the emulator hosts). Default: <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public Func<string, string?> EnvironmentReader { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// Credential for the real services; null (default) means Application Default Credentials, loaded on the
    /// first call so that building a channel never fails for lack of credentials. Not used for emulators.
    /// </summary>
    public GoogleCredential? Credential { get; init; }

    /// <summary>Largest response message accepted, in bytes. Default <see cref="DefaultMaxReceiveMessageBytes"/>.</summary>
    public int MaxReceiveMessageBytes { get; init; } = DefaultMaxReceiveMessageBytes;

    /// <summary>Idle time after which HTTP/2 keep-alive pings keep long streams open. Default 30 s.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = DefaultKeepAlivePingDelay;

    /// <summary>Time allowed to open a TCP/TLS connection. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(EnvironmentReader, nameof(EnvironmentReader));
        if (MaxReceiveMessageBytes <= 0)
        {
            throw new ArgumentException($"{nameof(MaxReceiveMessageBytes)} must be positive, was {MaxReceiveMessageBytes}.", nameof(MaxReceiveMessageBytes));
        }

        if (KeepAlivePingDelay <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(KeepAlivePingDelay)} must be positive, was {KeepAlivePingDelay}.", nameof(KeepAlivePingDelay));
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ConnectTimeout)} must be positive, was {ConnectTimeout}.", nameof(ConnectTimeout));
        }
    }
}

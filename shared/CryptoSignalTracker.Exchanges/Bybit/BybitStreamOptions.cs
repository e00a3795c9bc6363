using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>Settings of <see cref="BybitPublicTradeStream"/> (configuration section <see cref="Section"/>).</summary>
public sealed class BybitStreamOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Bybit";

    /// <summary>Default <see cref="Url"/>: Bybit's linear (USDT perpetuals) public stream.</summary>
    public const string DefaultUrl = "wss://stream.bybit.com/v5/public/linear";

    /// <summary>Default <see cref="RestUrl"/>: Bybit's REST API.</summary>
    public const string DefaultRestUrl = "https://api.bybit.com";

    /// <summary>Default <see cref="PingInterval"/>: 20 s (Bybit's recommendation).</summary>
    public static readonly TimeSpan DefaultPingInterval = TimeSpan.FromSeconds(20);

    /// <summary>Default <see cref="QuietTimeout"/>: 45 s (two missed pongs and then some).</summary>
    public static readonly TimeSpan DefaultQuietTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Default <see cref="InitialBackoff"/>: 1 s.</summary>
    public static readonly TimeSpan DefaultInitialBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Default <see cref="MaxBackoff"/>: 60 s (Bybit allows 500 connections per 5 minutes per domain).</summary>
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(60);

    /// <summary>Default <see cref="ConnectTimeout"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The websocket URL. Default <see cref="DefaultUrl"/>.</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>The REST base URL for backfill. Default <see cref="DefaultRestUrl"/>.</summary>
    public string RestUrl { get; set; } = DefaultRestUrl;

    /// <summary>Symbols to subscribe (<c>publicTrade.{S}</c>). Default <see cref="Symbols.Default"/> (9).</summary>
    public IList<string> Symbols { get; set; } = [.. Core.Domain.Symbols.Default];

    /// <summary>How often a ping is sent. Default 20 s.</summary>
    public TimeSpan PingInterval { get; set; } = DefaultPingInterval;

    /// <summary>Reconnect when nothing (not even a pong) arrived for this long. Default 45 s.</summary>
    public TimeSpan QuietTimeout { get; set; } = DefaultQuietTimeout;

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="MaxBackoff"/>, with ±20 % jitter. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = DefaultInitialBackoff;

    /// <summary>Largest reconnect delay. Default 60 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = DefaultMaxBackoff;

    /// <summary>Time allowed for the websocket handshake and the subscribe acknowledgement. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>Validates and normalises (upper-cases symbols); throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public BybitStreamOptions Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"{Section}:{nameof(Url)} '{Url}' must be a ws:// or wss:// URL");
        }

        if (!Uri.TryCreate(RestUrl, UriKind.Absolute, out var rest) || rest.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{Section}:{nameof(RestUrl)} '{RestUrl}' must be an http:// or https:// URL");
        }

        if (Symbols.Count == 0)
        {
            throw new ArgumentException($"{Section}:{nameof(Symbols)} is empty; name at least one symbol such as BTCUSDT");
        }

        for (var i = 0; i < Symbols.Count; i++)
        {
            try
            {
                Symbols[i] = Core.Domain.Symbols.Normalize(Symbols[i]);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException($"{Section}:{nameof(Symbols)}[{i}]: {ex.Message}", ex);
            }
        }

        if (Symbols.Distinct(StringComparer.Ordinal).Count() != Symbols.Count)
        {
            throw new ArgumentException($"{Section}:{nameof(Symbols)} lists a symbol twice: {string.Join(",", Symbols)}");
        }

        Positive(PingInterval, nameof(PingInterval));
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(InitialBackoff, nameof(InitialBackoff));
        if (QuietTimeout <= PingInterval)
        {
            throw new ArgumentException($"{Section}:{nameof(QuietTimeout)} ({QuietTimeout}) must be longer than {nameof(PingInterval)} ({PingInterval})");
        }

        if (MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException($"{Section}:{nameof(MaxBackoff)} ({MaxBackoff}) must be at least {nameof(InitialBackoff)} ({InitialBackoff})");
        }

        return this;
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{Section}:{name} must be positive, was {value}");
        }
    }
}

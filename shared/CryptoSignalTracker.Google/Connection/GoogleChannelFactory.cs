using System.Collections.Concurrent;
using Google.Apis.Auth.OAuth2;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptoSignalTracker.Google.Connection;

/// <summary>
/// Gives one shared <see cref="GrpcChannel"/> per Google service: plaintext HTTP/2 (h2c) to the emulator named by
/// the service's environment variable (e.g. PUBSUB_EMULATOR_HOST) when it is set, otherwise TLS to the public
/// endpoint with Application Default Credentials sent as per-call OAuth bearer tokens.
/// Channels are created lazily, reused, and disposed with the factory.
/// </summary>
public sealed class GoogleChannelFactory : IDisposable
{
    private readonly GoogleConnectionSettings _settings;
    private readonly ILogger<GoogleChannelFactory> _logger;
    private readonly ConcurrentDictionary<GoogleServiceEndpoint, Lazy<GrpcChannel>> _channels = new();
    private readonly ConcurrentDictionary<GoogleServiceEndpoint, GoogleCredential> _scoped = new();
    private readonly SemaphoreSlim _credentialLock = new(1, 1);
    private GoogleCredential? _applicationDefault;

    /// <summary>Creates a factory; <paramref name="settings"/> is validated here.</summary>
    public GoogleChannelFactory(GoogleConnectionSettings? settings = null, ILogger<GoogleChannelFactory>? logger = null)
    {
        _settings = settings ?? new GoogleConnectionSettings();
        _settings.Validate();
        _logger = logger ?? NullLogger<GoogleChannelFactory>.Instance;
    }

    /// <summary>True when calls to <paramref name="endpoint"/> go to a local emulator.</summary>
    public bool UsesEmulator(GoogleServiceEndpoint endpoint) => EmulatorHost(endpoint) is not null;

    /// <summary>The address calls to <paramref name="endpoint"/> go to, e.g. "http://127.0.0.1:8085".</summary>
    public Uri AddressOf(GoogleServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var emulator = EmulatorHost(endpoint);
        return emulator is null ? new Uri($"https://{endpoint.ProductionHost}") : ParseEmulatorHost(endpoint, emulator);
    }

    /// <summary>The shared channel for <paramref name="endpoint"/>.</summary>
    public GrpcChannel GetChannel(GoogleServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _channels.GetOrAdd(endpoint, e => new Lazy<GrpcChannel>(() => CreateChannel(e))).Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            if (channel.IsValueCreated)
            {
                channel.Value.Dispose();
            }
        }

        _channels.Clear();
        _credentialLock.Dispose();
    }

    private string? EmulatorHost(GoogleServiceEndpoint endpoint)
    {
        var value = _settings.EnvironmentReader(endpoint.EmulatorHostVariable);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static Uri ParseEmulatorHost(GoogleServiceEndpoint endpoint, string hostPort)
    {
        // Accept "host:port", "[::1]:port" and (leniently) a full "http://host:port".
        var text = hostPort.Contains("://", StringComparison.Ordinal) ? hostPort : "http://" + hostPort;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort)
        {
            throw new InvalidOperationException(
                $"{endpoint.EmulatorHostVariable}='{hostPort}' is not a valid emulator address for {endpoint.Name}; expected host:port, e.g. 127.0.0.1:8085.");
        }

        return uri;
    }

    private GrpcChannel CreateChannel(GoogleServiceEndpoint endpoint)
    {
        var address = AddressOf(endpoint);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = _settings.KeepAlivePingDelay,
            KeepAlivePingTimeout = _settings.KeepAlivePingDelay,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = _settings.ConnectTimeout,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        var options = new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = _settings.MaxReceiveMessageBytes,
        };

        if (UsesEmulator(endpoint))
        {
            if (endpoint.EmulatorBearerToken is { } token)
            {
                var header = "Bearer " + token;
                options.Credentials = ChannelCredentials.Create(
                    ChannelCredentials.Insecure,
                    CallCredentials.FromInterceptor((_, metadata) =>
                    {
                        metadata.Add("authorization", header);
                        return Task.CompletedTask;
                    }));
                options.UnsafeUseInsecureChannelCallCredentials = true;
            }
            else
            {
                options.Credentials = ChannelCredentials.Insecure;
            }

            _logger.LogInformation("{Service} calls go to the emulator at {Address}", endpoint.Name, address);
        }
        else
        {
            options.Credentials = ChannelCredentials.Create(
                ChannelCredentials.SecureSsl,
                CallCredentials.FromInterceptor((context, metadata) => AddBearerTokenAsync(endpoint, context, metadata)));
            _logger.LogInformation("{Service} calls go to {Address} with Google credentials", endpoint.Name, address);
        }

        return GrpcChannel.ForAddress(address, options);
    }

    private async Task AddBearerTokenAsync(GoogleServiceEndpoint endpoint, AuthInterceptorContext context, Metadata metadata)
    {
        // The scoped credential caches and refreshes its access token, so keep one per service.
        if (!_scoped.TryGetValue(endpoint, out var credential))
        {
            var unscoped = await GetCredentialAsync(context.CancellationToken).ConfigureAwait(false);
            credential = _scoped.GetOrAdd(endpoint, unscoped.CreateScoped(endpoint.Scopes));
        }

        var token = await ((ITokenAccess)credential)
            .GetAccessTokenForRequestAsync(context.ServiceUrl, context.CancellationToken)
            .ConfigureAwait(false);
        metadata.Add("authorization", "Bearer " + token);
    }

    private async Task<GoogleCredential> GetCredentialAsync(CancellationToken cancellationToken)
    {
        if (_settings.Credential is { } configured)
        {
            return configured;
        }

        if (_applicationDefault is { } cached)
        {
            return cached;
        }

        await _credentialLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _applicationDefault ??= await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false);
            return _applicationDefault;
        }
        catch (InvalidOperationException ex)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "No Google Application Default Credentials found (set GOOGLE_APPLICATION_CREDENTIALS, run 'gcloud auth application-default login', "
                + "or set the service's *_EMULATOR_HOST variable to use an emulator).", ex));
        }
        finally
        {
            _credentialLock.Release();
        }
    }
}

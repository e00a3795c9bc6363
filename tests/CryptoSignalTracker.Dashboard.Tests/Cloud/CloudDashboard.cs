using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Security;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using DashboardFunction = CryptoSignalTracker.Functions.Dashboard.Function;

namespace CryptoSignalTracker.Dashboard.Tests.Cloud;

/// <summary>
/// The cloud Dashboard service (functions/Dashboard) on the real function host, in process, on 127.0.0.1, over the
/// Firestore and Bigtable emulators (<c>source /work/emulators.env</c> or scripts/test.sh; the test fails when they are
/// not set) in a project of its own, with a fresh link key. <see cref="Stores"/> are the same store classes the
/// functions write with, on their own channels, for the test to fill. Every log line the host writes is kept in
/// <see cref="LogLines"/>.
/// </summary>
internal sealed class CloudDashboard : IAsyncDisposable
{
    public static readonly string[] Symbols = ["BTCUSDT", "SOLUSDT"];

    private readonly GoogleChannelFactory _channels;

    private CloudDashboard(WebApplication app, int port, byte[] key, GoogleChannelFactory channels, CloudStores stores, List<string> logLines)
    {
        App = app;
        Address = new Uri($"http://127.0.0.1:{port}/");
        Key = key;
        _channels = channels;
        Stores = stores;
        LogLines = logLines;
    }

    public WebApplication App { get; }

    /// <summary>Where it answers.</summary>
    public Uri Address { get; }

    /// <summary>The link key (DASHBOARD_LINK_KEY), as the bot holds it too.</summary>
    public byte[] Key { get; }

    /// <summary>The stores it reads, to be filled by the test.</summary>
    public CloudStores Stores { get; }

    /// <summary>What the host logged (every level).</summary>
    public List<string> LogLines { get; }

    /// <summary>Starts the service with candles in <paramref name="candleStore"/> (bigtable or firestore) and <paramref name="settings"/> added.</summary>
    public static async Task<CloudDashboard> StartAsync(string candleStore, params string[] settings)
    {
        var firestore = Require("FIRESTORE_EMULATOR_HOST");
        var bigtable = Require("BIGTABLE_EMULATOR_HOST");
        var project = "cst-dash-" + Guid.NewGuid().ToString("N")[..10];
        var table = "candles-" + Guid.NewGuid().ToString("N")[..10];
        var key = RandomNumberGenerator.GetBytes(32);
        var channels = new GoogleConnectionSettings
        {
            EnvironmentReader = name => name switch
            {
                "FIRESTORE_EMULATOR_HOST" => firestore,
                "BIGTABLE_EMULATOR_HOST" => bigtable,
                _ => null,
            },
        };
        var factory = new GoogleChannelFactory(channels);
        var tableOptions = new BigtableCandleStoreOptions { ProjectId = project, InstanceId = "cst-test", TableId = table };
        if (candleStore == "bigtable")
        {
            await new BigtableTableManager(factory, tableOptions).CreateIfAbsentAsync();
        }

        var database = new FirestoreDatabase(factory, new FirestoreOptions { ProjectId = project });
        var book = new FirestorePositionBook(database);
        var stores = new CloudStores(
            candleStore == "bigtable" ? new BigtableCandleStore(factory, tableOptions) : new FirestoreCandleStore(database),
            book,
            new FirestoreBiasStore(database),
            new FirestoreStateStore(database));

        var lines = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            string[] args =
            [
                "--CST_BACKEND=google",
                $"--GOOGLE_CLOUD_PROJECT={project}",
                $"--CANDLE_STORE={candleStore}",
                "--BIGTABLE_INSTANCE=cst-test",
                $"--BIGTABLE_TABLE={table}",
                $"--SYMBOLS={string.Join(",", Symbols)}",
                $"--{DashboardAccess.KeyVariable}={Convert.ToBase64String(key)}",
                .. settings,
            ];
            var app = FunctionHost.Build(new FunctionHostSettings
            {
                FunctionType = typeof(DashboardFunction),
                Port = port,
                Address = IPAddress.Loopback,
                JsonLogging = false,
                Args = args,
                ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(lines)),
            });
            try
            {
                await app.StartAsync();
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 5)
            {
                await app.DisposeAsync();
                continue;
            }

            return new CloudDashboard(app, port, key, factory, stores, lines);
        }
    }

    /// <summary>A signer with the service's key on <paramref name="time"/> (the bot's side of the link).</summary>
    public SignedToken Signer(TimeProvider? time = null) => new(Key, time);

    /// <summary>The link the bot's <c>/dashboard</c> sends <paramref name="userId"/>, signed by <paramref name="signer"/> (default: now, the right key).</summary>
    public Uri LinkFor(long userId, SignedToken? signer = null) =>
        new(Address, $"{DashboardAccess.LinkPath}?{DashboardAccess.LinkParameter}={(signer ?? Signer()).Create(DashboardAccess.LinkPurpose, userId, DashboardAccess.LinkLifetime)}");

    /// <summary>A client without cookies or redirects, to see each answer as it is.</summary>
    public static HttpClient Plain() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>
    /// Follows <paramref name="userId"/>'s link and returns a client that sends the session cookie it set on every request
    /// (by hand: the cookie is Secure, and .NET's cookie container sends Secure cookies over https only).
    /// </summary>
    public async Task<HttpClient> SignedInAsync(long userId)
    {
        using var plain = Plain();
        using var answer = await plain.GetAsync(LinkFor(userId));
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        var pair = answer.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var client = Plain();
        client.DefaultRequestHeaders.Add("Cookie", pair);
        return client;
    }

    /// <summary>Every log line, under the lock.</summary>
    public IReadOnlyList<string> Logged()
    {
        lock (LogLines)
        {
            return [.. LogLines];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _channels.Dispose();
    }

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run `source /work/emulators.env` (or scripts/test.sh, which starts the emulators) first");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The Google stores the cloud dashboard reads, as the functions write them.</summary>
internal sealed record CloudStores(ICandleStore Candles, FirestorePositionBook Book, IBiasStore Biases, IStateStore State);

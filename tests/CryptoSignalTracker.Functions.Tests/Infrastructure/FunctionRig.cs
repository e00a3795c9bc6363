using System.Net;
using System.Net.Sockets;
using System.Text;
using CryptoSignalTracker.Hosting;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace CryptoSignalTracker.Functions.Tests.Infrastructure;

/// <summary>
/// One function on the real host (127.0.0.1, a free port) with the embedded backend in a fresh SQLite file and the
/// fake Bot API; settings go in as command-line configuration, as on Cloud Run they come from the environment.
/// </summary>
public sealed class FunctionRig : IAsyncDisposable
{
    /// <summary>The bot token the functions are given (fake).</summary>
    public const string Token = "123456789:AAFakeTokenForFunctionTests_abcdefghij";

    private readonly string _directory;

    private FunctionRig(WebApplication app, int port, FakeBotApi bot, string directory, string sqlitePath)
    {
        App = app;
        Bot = bot;
        _directory = directory;
        SqlitePath = sqlitePath;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>The running host.</summary>
    public WebApplication App { get; }

    /// <summary>The fake Bot API.</summary>
    public FakeBotApi Bot { get; }

    /// <summary>A client pointed at the function.</summary>
    public HttpClient Client { get; }

    /// <summary>The SQLite file of the embedded backend.</summary>
    public string SqlitePath { get; }

    /// <summary>Starts <paramref name="functionType"/> with <paramref name="settings"/> added to the defaults.</summary>
    public static Task<FunctionRig> StartAsync(Type functionType, params string[] settings) => StartAsync(functionType, null, settings);

    /// <summary>
    /// Starts <paramref name="functionType"/> after <paramref name="seed"/> has filled the SQLite file (given its path)
    /// with what the function should find.
    /// </summary>
    public static async Task<FunctionRig> StartAsync(Type functionType, Func<string, Task>? seed, params string[] settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cst-functions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var sqlitePath = Path.Combine(directory, "cst.db");
        if (seed is not null)
        {
            await seed(sqlitePath);
        }

        var bot = new FakeBotApi();
        for (var attempt = 1; ; attempt++)
        {
            // A port found free can be taken by another process before the host binds it (seen under CI load): try another.
            var port = FreePort();
            string[] args =
            [
                "--CST_BACKEND=embedded",
                $"--CST_SQLITE_PATH={sqlitePath}",
                $"--TELEGRAM_BOT_TOKEN={Token}",
                $"--Telegram:ApiBaseUrl={bot.BaseUrl}",
                "--Telegram:SendQueue:PerChatInterval=00:00:00.020",
                .. settings,
            ];
            var app = FunctionHost.Build(new FunctionHostSettings
            {
                FunctionType = functionType,
                Port = port,
                Address = IPAddress.Loopback,
                JsonLogging = false,
                Args = args,
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

            return new FunctionRig(app, port, bot, directory, sqlitePath);
        }
    }

    /// <summary>Posts <paramref name="data"/> as a Pub/Sub push delivery.</summary>
    public Task<HttpResponseMessage> PushAsync(byte[] data, string messageId)
    {
        var body = $$"""{"message":{"data":"{{Convert.ToBase64String(data)}}","messageId":"{{messageId}}","publishTime":"2025-06-01T16:40:00Z"},"subscription":"projects/p/subscriptions/notifier"}""";
        return Client.PostAsync("/", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Bot.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not remove {_directory}: {e.Message}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

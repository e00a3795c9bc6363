using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Hosting.Tests;

/// <summary>A real host on 127.0.0.1 and a free port, with an HttpClient pointed at it.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(WebApplication app, int port)
    {
        App = app;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public WebApplication App { get; }

    public int Port { get; }

    public HttpClient Client { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<RunningHost> StartAsync(Type functionType, Action<IServiceCollection>? services = null, IReadOnlyList<string>? args = null)
    {
        var port = FreePort();
        var app = FunctionHost.Build(new FunctionHostSettings
        {
            FunctionType = functionType,
            Port = port,
            Address = IPAddress.Loopback,
            JsonLogging = false,
            Args = args ?? [],
            ConfigureServices = services,
        });
        await app.StartAsync();
        return new RunningHost(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

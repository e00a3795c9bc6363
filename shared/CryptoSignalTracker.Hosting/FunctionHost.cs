using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// The Functions-Framework-compatible host: serves one function class per process on <c>$PORT</c> (default
/// 8080, all interfaces). <c>GET /health</c> answers from the registered <see cref="IFunctionHealthCheck"/>s;
/// every other path goes to the function (<c>/robots.txt</c> and <c>/favicon.ico</c> are 404, as in the
/// framework). A function's <c>Program.cs</c> is one line: <c>return await FunctionHost.RunAsync(args, typeof(Function).Assembly);</c>
/// </summary>
public static class FunctionHost
{
    /// <summary>The environment variable with the port.</summary>
    public const string PortVariable = "PORT";

    /// <summary>
    /// The environment variable with the address to listen on (an IP address). Unset: all interfaces, as Cloud Run needs;
    /// the local cloud (<c>cst dev up</c>) sets 127.0.0.1 so nothing is reachable from outside the machine.
    /// </summary>
    public const string AddressVariable = "CST_LISTEN_ADDRESS";

    /// <summary>The health route.</summary>
    public const string HealthPath = "/health";

    /// <summary>
    /// Picks the function in <paramref name="functionAssembly"/> (<c>FUNCTION_TARGET</c>, else the only one),
    /// builds the host on <c>$PORT</c> and runs it until SIGTERM/Ctrl+C, draining in-flight requests.
    /// Returns 0 on a clean stop, 1 when it could not start (the reason logged).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Assembly functionAssembly)
    {
        ArgumentNullException.ThrowIfNull(functionAssembly);
        WebApplication app;
        try
        {
            var target = Environment.GetEnvironmentVariable(FunctionTarget.EnvironmentVariable);
            var portText = Environment.GetEnvironmentVariable(PortVariable);
            var port = FunctionHostSettings.DefaultPort;
            if (!string.IsNullOrEmpty(portText) && (!int.TryParse(portText, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535))
            {
                throw new InvalidOperationException($"{PortVariable} '{portText}' is not a TCP port (0-65535)");
            }

            app = Build(new FunctionHostSettings
            {
                FunctionType = FunctionTarget.Resolve(functionAssembly, target),
                Port = port,
                Address = ListenAddress(Environment.GetEnvironmentVariable(AddressVariable)),
                Args = args,
            });
        }
        catch (Exception ex) when (IsSettingsError(ex))
        {
            return CannotStart(ex);
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsSettingsError(ex))
            {
                // Settings registered with ValidateOnStart (SettingsRegistration.AddSettings) fail here, before any request.
                return CannotStart(ex);
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>
    /// The address in <paramref name="text"/> (the <see cref="AddressVariable"/> value): all interfaces when it is unset or
    /// empty, else the IP address it names.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not an IP address (the message names the variable and the value).</exception>
    public static IPAddress ListenAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return IPAddress.Any;
        }

        return IPAddress.TryParse(text.Trim(), out var address)
            ? address
            : throw new InvalidOperationException($"{AddressVariable} '{text}' is not an IP address (e.g. 127.0.0.1, or unset for all interfaces)");
    }

    private static bool IsSettingsError(Exception ex) => ex is InvalidOperationException or ArgumentException or OptionsValidationException;

    private static int CannotStart(Exception ex)
    {
        using var bootstrap = LoggerFactory.Create(b => b.AddConsole());
        bootstrap.CreateLogger(typeof(FunctionHost)).LogCritical("The function host cannot start: {reason}", ex.Message);
        return 1;
    }

    /// <summary>Builds (does not start) the host for <paramref name="settings"/>; start it with <c>StartAsync</c> or <c>RunAsync</c>.</summary>
    /// <exception cref="InvalidOperationException">The function type is not a function, or a startup type is unusable (names it).</exception>
    public static WebApplication Build(FunctionHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var functionType = settings.FunctionType;
        if (!FunctionTarget.IsFunctionType(functionType))
        {
            throw new InvalidOperationException($"{functionType.FullName} does not implement IHttpFunction or ICloudEventFunction<TData>");
        }

        var functionName = settings.FunctionName ?? functionType.Assembly.GetName().Name ?? functionType.Name;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. settings.Args] });
        builder.Configuration.AddEnvironmentVariables();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(settings.Address, settings.Port));
        builder.Logging.ClearProviders();
        // One line per request is Cloud Run's own request log; ours would double it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (settings.JsonLogging)
        {
            builder.Logging.AddConsole(o => o.FormatterName = CloudLoggingJsonFormatter.FormatterName)
                .AddConsoleFormatter<CloudLoggingJsonFormatter, CloudLoggingJsonFormatterOptions>(o =>
                {
                    o.FunctionName = functionName;
                    o.IncludeScopes = true;
                });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = false;
            });
        }

        builder.Services.AddSettings<HostingOptions>(builder.Configuration, HostingOptions.Section, o => o.Validate());
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<HostingOptions>>((host, hosting) => host.ShutdownTimeout = hosting.Value.ShutdownTimeout);
        builder.Services.AddScoped(functionType);
        builder.Services.AddSingleton(sp => CreateDispatcher(functionType, settings.MaxBodyBytes, sp.GetRequiredService<HostingOptions>().MaxConcurrentLargeBodies));

        var context = new WebHostBuilderContext { Configuration = builder.Configuration, HostingEnvironment = builder.Environment };
        var startups = Startups(functionType);
        foreach (var startup in startups)
        {
            startup.ConfigureServices(context, builder.Services);
            startup.ConfigureLogging(context, builder.Logging);
        }

        settings.ConfigureServices?.Invoke(builder.Services);
        settings.ConfigureLogging?.Invoke(builder.Logging);

        var app = builder.Build();
        var project = app.Configuration["GOOGLE_CLOUD_PROJECT"] ?? string.Empty;
        app.Use((http, next) => WithTraceScope(http, next, project));
        foreach (var startup in startups)
        {
            startup.Configure(context, app);
        }

        app.Run(ServeAsync);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            app.Logger.LogInformation("Serving {function_type} on {addresses}", functionType.FullName, string.Join(", ", addresses ?? []));
        });
        return app;
    }

    /// <summary>The port a started host listens on (useful when it was built with port 0).</summary>
    public static int ListeningPort(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the host is not listening yet (call StartAsync first)");
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
    }

    private static async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Equals(HealthPath, StringComparison.Ordinal))
        {
            await HealthAsync(context).ConfigureAwait(false);
            return;
        }

        if (path is "/robots.txt" or "/favicon.ico")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await context.RequestServices.GetRequiredService<IRequestDispatcher>().DispatchAsync(context).ConfigureAwait(false);
    }

    private static async Task HealthAsync(HttpContext context)
    {
        var unhealthy = new List<string>();
        foreach (var check in context.RequestServices.GetServices<IFunctionHealthCheck>())
        {
            var health = await check.CheckAsync(context.RequestAborted).ConfigureAwait(false);
            if (!health.IsHealthy)
            {
                unhealthy.Add(health.Detail);
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.StatusCode = unhealthy.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsync(unhealthy.Count == 0 ? "ok\n" : string.Join("\n", unhealthy) + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WithTraceScope(HttpContext context, RequestDelegate next, string project)
    {
        var trace = TraceHeader.Read(context.Request.Headers);
        if (trace is null || project.Length == 0)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var fields = new Dictionary<string, object?>
        {
            [CloudLoggingFields.Trace] = $"projects/{project}/traces/{trace.Value.TraceId}",
        };
        if (trace.Value.SpanId is not null)
        {
            fields[CloudLoggingFields.SpanId] = trace.Value.SpanId;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CryptoSignalTracker.Hosting.Trace");
        using (logger.BeginScope(fields))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    private static IRequestDispatcher CreateDispatcher(Type functionType, long maxBodyBytes, int maxConcurrentLargeBodies)
    {
        if (typeof(IHttpFunction).IsAssignableFrom(functionType))
        {
            return (IRequestDispatcher)Activator.CreateInstance(typeof(HttpDispatcher<>).MakeGenericType(functionType))!;
        }

        var dataType = FunctionTarget.CloudEventDataType(functionType)!;
        return (IRequestDispatcher)Activator.CreateInstance(typeof(CloudEventDispatcher<,>).MakeGenericType(functionType, dataType), maxBodyBytes, maxConcurrentLargeBodies)!;
    }

    private static List<FunctionsStartup> Startups(Type functionType)
    {
        var attributes = functionType.GetCustomAttributes<FunctionsStartupAttribute>(inherit: true)
            .Concat(functionType.Assembly.GetCustomAttributes<FunctionsStartupAttribute>())
            .DistinctBy(a => a.StartupType)
            .OrderBy(a => a.Order)
            .ThenBy(a => a.StartupType.FullName, StringComparer.Ordinal);
        var startups = new List<FunctionsStartup>();
        foreach (var attribute in attributes)
        {
            if (!typeof(FunctionsStartup).IsAssignableFrom(attribute.StartupType) || attribute.StartupType.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new InvalidOperationException($"startup {attribute.StartupType.FullName} must derive from FunctionsStartup and have a public parameterless constructor");
            }

            startups.Add((FunctionsStartup)Activator.CreateInstance(attribute.StartupType)!);
        }

        return startups;
    }
}

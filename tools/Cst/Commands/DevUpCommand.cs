using System.Runtime.InteropServices;
using CryptoSignalTracker.DevCloud;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>
/// <c>cst dev up</c>: the local cloud (<see cref="LocalCloud"/>): the three emulators, Terraform's topics, push
/// subscriptions and table, and every function's built output as its own process on its own port, until Ctrl+C
/// or SIGTERM, which stop everything by process id.
/// </summary>
public sealed class DevUpCommand : AsyncCommand<DevUpSettings>
{
    private static readonly TimeSpan _watchInterval = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, DevUpSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = ToOptions(settings, Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Environment.GetEnvironmentVariable);
        var console = CliConsole.Create();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using var loggers = new ProgressLoggerFactory();
        try
        {
            LocalCloud cloud;
            try
            {
                cloud = await LocalCloud.StartAsync(options, loggers, cancellationToken: stop.Token).ConfigureAwait(false);
            }
            catch (LocalCloudException ex)
            {
                throw new CliException(ex.Message, 1, ex);
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message, 2, ex);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 130;
            }

            await using (cloud.ConfigureAwait(false))
            {
                if (Console.IsOutputRedirected)
                {
                    Print(console, cloud);
                    await WatchAsync(console, cloud, stop.Token).ConfigureAwait(false);
                }
                else
                {
                    // On a terminal the table stays live: health asked every second, exits printed above it.
                    PrintClients(console, cloud);
                    await console.Live(Table(cloud)).AutoClear(false).StartAsync(
                        live => WatchAsync(console, cloud, stop.Token, async () =>
                        {
                            await cloud.RefreshHealthAsync(stop.Token).ConfigureAwait(false);
                            live.UpdateTarget(Table(cloud));
                        })).ConfigureAwait(false);
                }

                console.MarkupLine("[grey]stopping: functions (SIGTERM, they drain), then the emulators[/]");
            }

            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The <see cref="DevCloudOptions"/> for <paramref name="settings"/>.</summary>
    /// <exception cref="CliException">No repository root found, or a bad option (exit code 2).</exception>
    internal static DevCloudOptions ToOptions(DevUpSettings settings, string currentDirectory, string baseDirectory, Func<string, string?> environment)
    {
        var root = settings.Repo ?? RepositoryLayout.FindRoot(currentDirectory) ?? RepositoryLayout.FindRoot(baseDirectory)
            ?? throw new CliException($"no {RepositoryLayout.SolutionFile} above {currentDirectory}: run inside the repository or pass --repo", 2);
        EmulatorEndpoints? emulators = null;
        if (settings.ReuseEmulators)
        {
            emulators = EmulatorEndpoints.FromEnvironment(environment)
                ?? throw new CliException("--reuse-emulators needs PUBSUB_EMULATOR_HOST, BIGTABLE_EMULATOR_HOST and FIRESTORE_EMULATOR_HOST (scripts/emulators.sh start prints them)", 2);
        }

        var configuration = settings.Configuration
            ?? (baseDirectory.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : DevCloudOptions.DefaultConfiguration);
        try
        {
            return new DevCloudOptions
            {
                RepositoryRoot = root,
                Configuration = configuration,
                Functions = settings.Functions?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                IncludeIngestor = !settings.NoIngestor,
                BybitUrl = settings.BybitUrl is null ? null : new Uri(settings.BybitUrl),
                BybitRestUrl = settings.BybitRestUrl is null ? null : new Uri(settings.BybitRestUrl),
                KrakenUrl = settings.KrakenUrl is null ? null : new Uri(settings.KrakenUrl),
                TradingConfig = settings.Config is null ? null : Path.GetFullPath(settings.Config, currentDirectory),
                ProjectId = settings.Project ?? DevCloudOptions.DefaultProjectId,
                Symbols = settings.Symbols is null
                    ? Core.Domain.Symbols.Default
                    : [.. settings.Symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())],
                Emulators = emulators,
                FunctionEnvironment = ExtraEnvironment(settings.Env),
                EnvironmentReader = environment,
            }.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, 2, ex);
        }
    }

    /// <summary>The <c>--env FUNCTION:KEY=VALUE</c> entries per function (a later entry for the same key wins).</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, string>> ExtraEnvironment(IEnumerable<string> entries)
    {
        var byFunction = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var equals = entry.IndexOf('=', colon + 1);
            var function = CloudTopology.Find(entry[..colon]).Name;
            if (!byFunction.TryGetValue(function, out var env))
            {
                byFunction[function] = env = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            env[entry[(colon + 1)..equals]] = entry[(equals + 1)..];
        }

        return byFunction.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)kv.Value, StringComparer.OrdinalIgnoreCase);
    }

    private static void Print(IAnsiConsole console, LocalCloud cloud)
    {
        console.Write(Table(cloud));
        PrintClients(console, cloud);
    }

    private static Table Table(LocalCloud cloud)
    {
        var table = new Table().Title($"Local cloud, project [bold]{Markup.Escape(cloud.ProjectId)}[/]")
            .AddColumn("service").AddColumn(new TableColumn("port").RightAligned()).AddColumn("address").AddColumn(new TableColumn("pid").RightAligned())
            .AddColumn("health").AddColumn("push subscription / log");
        foreach (var row in cloud.Describe())
        {
            var health = row.Status switch
            {
                "ok" or "reused" => $"[green]{Markup.Escape(row.Status)}[/]",
                "stopped" or "not answering" => $"[red]{Markup.Escape(row.Status)}[/]",
                _ => $"[yellow]{Markup.Escape(row.Status)}[/]",
            };
            table.AddRow(Markup.Escape(row.Name), row.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(row.Address),
                row.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", health, Markup.Escape(row.Detail));
        }

        return table;
    }

    private static void PrintClients(IAnsiConsole console, LocalCloud cloud)
    {
        console.MarkupLine("[grey]Clients (e.g. cst run --backend gcp) reach it with:[/]");
        console.WriteLine("export " + string.Join(" ", cloud.ClientEnvironment.Select(kv => $"{kv.Key}={kv.Value}")));
        if (LocalDashboard.LinkFor(cloud, DashboardUser(cloud.Options)) is { } link)
        {
            console.WriteLine($"Dashboard: {link}");
            console.MarkupLine("[grey]  a sign-in link valid 15 minutes, made as the bot's /dashboard makes it (the bot answers /dashboard with a fresh one)[/]");
        }

        console.MarkupLine($"[grey]Logs: {Markup.Escape(cloud.LogDirectory)}. Ctrl+C stops everything.[/]");
    }

    /// <summary>Whom the printed Dashboard link signs in: the first owner of <c>TELEGRAM_OWNER_CHAT_IDS</c>, else user 1.</summary>
    internal static long DashboardUser(DevCloudOptions options)
    {
        var owners = options.EnvironmentReader("TELEGRAM_OWNER_CHAT_IDS") ?? string.Empty;
        return owners.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => long.TryParse(o, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0)
            .FirstOrDefault(id => id > 0, 1);
    }

    private static async Task WatchAsync(IAnsiConsole console, LocalCloud cloud, CancellationToken stop, Func<Task>? refresh = null)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var function in cloud.Functions.Where(f => !f.IsRunning && reported.Add(f.Name)))
                {
                    console.MarkupLine($"[red]{Markup.Escape(function.Name)} exited[/]; its last output ({Markup.Escape(function.LogPath)}):");
                    console.WriteLine(function.Tail());
                }

                if (refresh is not null)
                {
                    await refresh().ConfigureAwait(false);
                }

                await Task.Delay(_watchInterval, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: the caller stops the cloud
        }
    }

    /// <summary>Start-up progress on stderr, one line each (information and above).</summary>
    private sealed class ProgressLoggerFactory : ILoggerFactory, ILogger
    {
        public void AddProvider(ILoggerProvider provider)
        {
            // one fixed sink
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Console.Error.WriteLine($"dev: {formatter(state, exception)}");
            }
        }

        public void Dispose()
        {
            // nothing held
        }
    }
}

using CryptoSignalTracker.Cli.Commands;
using CryptoSignalTracker.Dashboard.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace CryptoSignalTracker.Cli.Run.Status;

/// <summary>
/// What <c>cst run</c> puts where. Live on a terminal: the status view (refreshed every second) with alerts and warnings
/// printed above it. Live with <c>-v</c>: the full information stream, as before the view. Not a terminal (a pipe, a
/// file, a service manager): plain lines, alerts and warnings only. Replays: alerts, warnings and their own lines.
/// <c>--log FILE</c> adds the full stream to FILE in every mode.
/// </summary>
internal static class RunDisplay
{
    /// <summary>How often the view is redrawn: 1 second.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private const string OwnCategory = "CryptoSignalTracker";

    /// <summary>True when the live status view is drawn: live, not <c>-v</c>, standard output a terminal.</summary>
    public static bool ShowsStatusView(RunSettings settings, bool outputRedirected)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return !settings.IsReplay && !settings.Verbose && !outputRedirected;
    }

    /// <summary>The <c>--log</c> file opened for appending (null without the option).</summary>
    /// <exception cref="CliException">The file cannot be opened (exit 1, naming the path and why).</exception>
    public static StreamWriter? OpenLog(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CliException($"--log {path}: {e.Message}", 1, e);
        }
    }

    /// <summary>
    /// The loggers: the console (information lines of the pipeline's own stages with <c>-v</c>, else warnings and errors;
    /// through <paramref name="above"/> while the view is live) and the <c>--log</c> file (information and up).
    /// </summary>
    public static ILoggerFactory Loggers(RunSettings settings, TextWriter? above, TextWriter? logFile)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var consoleLevel = settings.Verbose && !settings.IsReplay ? LogLevel.Information : LogLevel.Warning;
        return LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            if (above is not null)
            {
                b.AddProvider(new LineLoggerProvider(above.WriteLine, (_, level) => level >= LogLevel.Warning, TimeProvider.System));
            }
            else
            {
                b.AddSimpleConsole(o => o.SingleLine = true);
                b.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
                b.AddFilter<ConsoleLoggerProvider>(OwnCategory, consoleLevel);
            }

            if (logFile is not null)
            {
                b.AddProvider(new LineLoggerProvider(
                    logFile.WriteLine, (category, level) => level >= (category.StartsWith(OwnCategory, StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning), TimeProvider.System));
            }
        });
    }

    /// <summary>Draws the view every <see cref="Refresh"/> until <paramref name="cancellationToken"/>; the last drawing stays.</summary>
    public static async Task ShowAsync(IAnsiConsole console, RunStatusCollector status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(status);
        var first = await status.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        await console.Live(RunStatusView.Render(first)).AutoClear(false).StartAsync(async live =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(Refresh, cancellationToken).ConfigureAwait(false);
                    live.UpdateTarget(RunStatusView.Render(await status.SnapshotAsync(cancellationToken).ConfigureAwait(false)));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The view never stops the run: a store that cannot be read now is shown, and read again next time.
                    live.UpdateTarget(new Markup($"[red]● status unavailable:[/] {Markup.Escape(e.Message)}"));
                }
            }
        }).ConfigureAwait(false);
    }
}

using System.Runtime.InteropServices;
using CryptoSignalTracker.Cli.Run;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Dashboard;
using CryptoSignalTracker.Embedded.Sqlite;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>
/// <c>cst dashboard --db FILE</c>: the dashboard over a finished or stopped run's SQLite file, read-only, until Ctrl+C
/// or SIGTERM. It shows the run as of its last decided minute.
/// </summary>
public sealed class DashboardCommand : AsyncCommand<DashboardSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, DashboardSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var trading = BacktestCommand.LoadConfig(settings.Config);
        SqliteDatabase database;
        try
        {
            database = SqliteDatabase.OpenReadOnly(settings.Db!);
        }
        catch (StoreException e)
        {
            throw new CliException($"--db {settings.Db}: {e.Message}", 1, e);
        }

        var candles = new SqliteCandleStore(database);
        var positions = new SqlitePositionBook(database);
        IReadOnlyList<string> symbols = settings.Symbols is { } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())]
            : candles.ListSymbols();
        if (symbols.Count == 0)
        {
            throw new CliException($"--db {settings.Db}: holds no candles (give --symbols to look at it anyway)", 1);
        }

        var sources = new DashboardSources
        {
            Symbols = symbols,
            Candles = candles,
            Positions = positions,
            Trades = positions,
            Biases = new SqliteBiasStore(database),
            State = new SqliteStateStore(database),
            Trading = trading,
            Mode = DashboardMode.Stopped,
        };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var server = await RunDashboard.StartAsync(sources, settings.Listen, "--listen", loggers, Console.Out, stop.Token).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM
        }

        return 0;

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
    }
}

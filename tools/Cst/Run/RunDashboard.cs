using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Dashboard;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>
/// Serves the dashboard for <c>cst run --dashboard</c> and <c>cst dashboard</c>: bad addresses and ports in use become
/// one line and an exit code, and the one line <c>Dashboard: http://127.0.0.1:PORT/?token=…</c> is printed.
/// </summary>
internal static class RunDashboard
{
    /// <summary>The dashboard's sources over a running pipeline's stores.</summary>
    public static DashboardSources Sources(LocalPipeline pipeline, IReadOnlyList<string> symbols, TradingConfig trading, DashboardMode mode)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var positions = pipeline.Port<IPositionBook>();
        return new DashboardSources
        {
            Symbols = symbols,
            Candles = pipeline.Port<ICandleStore>(),
            Positions = positions,
            Trades = positions as IClosedTradeLog
                ?? throw new CliException($"--dashboard: the position book ({positions.GetType().Name}) cannot list closed trades", 2),
            Biases = pipeline.Port<IBiasStore>(),
            State = pipeline.Port<IStateStore>(),
            Trading = trading,
            Mode = mode,
        };
    }

    /// <summary>Starts serving <paramref name="sources"/> on <paramref name="listen"/> and prints its one line on <paramref name="output"/>.</summary>
    /// <exception cref="CliException">The address is not one (exit 2) or cannot be listened on (exit 1).</exception>
    public static async Task<DashboardServer> StartAsync(
        DashboardSources sources, string? listen, string option, ILoggerFactory loggers, TextWriter output, CancellationToken cancellationToken)
    {
        System.Net.IPEndPoint endpoint;
        try
        {
            endpoint = DashboardListen.Parse(listen);
        }
        catch (FormatException e)
        {
            throw new CliException($"{option} {e.Message}", 2, e);
        }

        DashboardServer server;
        try
        {
            server = await DashboardServer.StartAsync(sources, endpoint, loggers, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new CliException($"{option}: {e.Message}", 1, e);
        }

        await output.WriteLineAsync(server.Line).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }
}

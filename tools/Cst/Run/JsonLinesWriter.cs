using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Cli.Run;

/// <summary><c>--signals-out</c> / <c>--trades-out</c>: one object per line, exactly the objects <c>cst backtest --json</c> writes in <c>signals</c> / <c>trades</c>.</summary>
internal sealed class JsonLinesWriter : IAsyncDisposable
{
    private readonly StreamWriter _writer;

    private JsonLinesWriter(StreamWriter writer) => _writer = writer;

    /// <summary>Opens (truncates) <paramref name="path"/>; null gives null.</summary>
    public static JsonLinesWriter? Open(string? path, string option)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return new JsonLinesWriter(new StreamWriter(path, append: false) { AutoFlush = true, NewLine = "\n" });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new CliException($"{option} {path}: {e.Message}", 2);
        }
    }

    /// <summary>Writes one line.</summary>
    public void Write(Signal signal)
    {
        lock (_writer)
        {
            _writer.WriteLine(BacktestJson.SignalLine(signal));
        }
    }

    /// <summary>Writes one line.</summary>
    public void Write(ClosedTrade trade)
    {
        lock (_writer)
        {
            _writer.WriteLine(BacktestJson.TradeLine(trade));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}

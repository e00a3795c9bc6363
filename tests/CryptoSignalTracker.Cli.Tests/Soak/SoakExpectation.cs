using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.Cli.Tests.Soak;

/// <summary>
/// What the soak must give: <c>cst backtest</c>'s signals and exits (its <c>--json</c> objects, one per line, as
/// <c>--signals-out</c>/<c>--trades-out</c> write them) on the same candles with the default settings, up to the
/// last minute (which the live run decides only when a later minute closes).
/// </summary>
internal sealed record SoakExpectation(IReadOnlyList<string> Signals, IReadOnlyList<string> Exits, int Swings, int Micros)
{
    public static SoakExpectation Backtest(SoakSeries series)
    {
        var result = Backtester.Run([.. SoakSeries.Symbols.Select(s => new SymbolSeries(s, series.Candles[s]))], new TradingConfig());
        var last = series.LastMinuteMs;
        return new SoakExpectation(
            [.. result.Signals.Where(s => s.TimeMs < last).Select(BacktestJson.SignalLine)],
            [.. result.Trades.Where(t => t.Reason != ExitReason.End && t.ExitTimeMs < last).Select(BacktestJson.TradeLine)],
            result.Signals.Count(s => s.Kind == SignalKind.Swing),
            result.Signals.Count(s => s.Kind == SignalKind.Micro));
    }

    /// <summary>The distinct lines in the order they first appeared (a minute re-decided after a kill publishes the same message again).</summary>
    public static List<string> Distinct(IEnumerable<string> lines) => [.. lines.Distinct(StringComparer.Ordinal)];

    /// <summary>True once the run has written as many signals and exits as expected and stored both symbols' last minute.</summary>
    public static bool Reached(SoakFiles files, SoakSeries series, SoakExpectation expected)
    {
        if (Distinct(files.Lines("signals")).Count < expected.Signals.Count || Distinct(files.Lines("exits")).Count < expected.Exits.Count || !File.Exists(files.Database))
        {
            return false;
        }

        var store = new SqliteCandleStore(new SqliteDatabase(files.Database));
        return SoakSeries.Symbols.All(s => store.ReadAsync(s, series.LastMinuteMs, series.LastMinuteMs + SoakSeries.MinuteMs).GetAwaiter().GetResult().Count == 1);
    }

    /// <summary>The time of a signal line (<c>time</c>) or an exit line (<c>exitTime</c>).</summary>
    public static long Time(string line, string field) =>
        DateTimeOffset.Parse(JsonDocument.Parse(line).RootElement.GetProperty(field).GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
}

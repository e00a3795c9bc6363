using System.Globalization;
using CryptoSignalTracker.Dashboard.Status;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CryptoSignalTracker.Cli.Run.Status;

/// <summary>Draws a <see cref="RunStatusSnapshot"/> as the live status block of <c>cst run</c> on a terminal.</summary>
internal static class RunStatusView
{
    /// <summary>The block: health line, symbols table, open positions, equity and the newest signals.</summary>
    public static IRenderable Render(RunStatusSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var symbols = new Table().Border(TableBorder.Rounded).Expand()
            .AddColumn("symbol").AddColumn(new TableColumn("last minute").RightAligned()).AddColumn(new TableColumn("close").RightAligned())
            .AddColumn(new TableColumn("trades/min").RightAligned()).AddColumn(new TableColumn("lag").RightAligned());
        foreach (var row in snapshot.Symbols)
        {
            if (row.Last is not { } candle)
            {
                symbols.AddRow(Markup.Escape(row.Symbol), "[grey]—[/]", "[grey]—[/]", "[grey]—[/]", "[grey]no candle yet[/]");
                continue;
            }

            var lag = row.Lag!.Value;
            var lagColor = lag > RunStatusCollector.AmberLag ? "yellow" : "green";
            symbols.AddRow(
                Markup.Escape(row.Symbol),
                candle.OpenTime.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture),
                Number(candle.Close),
                candle.Trades >= 0 ? candle.Trades.ToString(CultureInfo.InvariantCulture) : "[grey]—[/]",
                $"[{lagColor}]{Lag(lag)}[/]");
        }

        var positions = new Table().Border(TableBorder.Rounded).Expand()
            .AddColumn("open position").AddColumn(new TableColumn("entry").RightAligned()).AddColumn(new TableColumn("stop").RightAligned())
            .AddColumn(new TableColumn("target").RightAligned()).AddColumn(new TableColumn("last").RightAligned())
            .AddColumn(new TableColumn("unrealised").RightAligned()).AddColumn(new TableColumn("held").RightAligned());
        foreach (var p in snapshot.Positions)
        {
            var pnl = p.UnrealisedPnl is { } v ? $"[{(v >= 0 ? "green" : "red")}]{v.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)}[/]" : "[grey]—[/]";
            positions.AddRow(
                Markup.Escape($"{p.Position.Symbol} {p.Position.Kind} {p.Position.Side}"),
                Number(p.Position.EntryPrice), Number(p.Position.StopLoss), Number(p.Position.TakeProfit),
                p.LastClose is { } c ? Number(c) : "[grey]—[/]", pnl, Lag(p.Held));
        }

        if (snapshot.Positions.Count == 0)
        {
            positions.AddRow("[grey]none[/]", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        }

        var color = snapshot.Health.Level switch { HealthLevel.Green => "green", HealthLevel.Amber => "yellow", _ => "red" };
        var equity = snapshot.Equity is { } e ? e.ToString("0.00", CultureInfo.InvariantCulture) : "— (no minute decided yet)";
        var signals = snapshot.LastSignals.Count == 0
            ? new Markup("[grey]no signal yet[/]")
            : new Markup(string.Join('\n', snapshot.LastSignals.Select(Markup.Escape)));
        return new Rows(
            new Markup($"[{color}]● {snapshot.Health.Level.ToString().ToUpperInvariant()}[/] {Markup.Escape(snapshot.Health.Reason)}   [grey]{snapshot.Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC[/]"),
            symbols,
            positions,
            new Markup($"equity [bold]{equity}[/]   open positions {snapshot.Positions.Count}   [grey](Ctrl+C stops)[/]"),
            new Panel(signals).Header("last signals").Expand());
    }

    private static string Number(double value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    private static string Lag(TimeSpan lag) => lag.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)lag.TotalHours} h {lag.Minutes} min")
        : lag.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)lag.TotalMinutes} min {lag.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)lag.TotalSeconds} s");
}

using System.Text.Json;
using CryptoSignalTracker.Charts;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Cli.Commands;

/// <summary>
/// Reads the signals and trades of a <c>cst backtest --json</c> file as chart overlays:
/// <c>{"signals":[{"id","symbol","time","side","entry","stopLoss","takeProfit",...}], "trades":[{"signalId","exitTime","exitPrice","exitReason",...}], ...}</c>.
/// </summary>
internal static class ChartSignalsFile
{
    /// <summary>Overlays for <paramref name="symbol"/>'s signals, each with its trade's exit when the file has one.</summary>
    public static IReadOnlyList<SignalOverlay> Read(string path, string symbol)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new CliException($"{path}: not valid JSON ({ex.Message})", 1, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {ex.Message}", 1, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("signals", out var signals) || signals.ValueKind != JsonValueKind.Array)
            {
                throw new CliException($"{path}: expected an object with a \"signals\" array (the output of cst backtest --json)", 1);
            }

            var exits = new Dictionary<string, TradeExitOverlay>(StringComparer.Ordinal);
            if (root.TryGetProperty("trades", out var trades))
            {
                if (trades.ValueKind != JsonValueKind.Array)
                {
                    throw new CliException($"{path}: \"trades\" must be an array", 1);
                }

                var i = 0;
                foreach (var t in trades.EnumerateArray())
                {
                    var where = $"{path}: trades[{i++}]";
                    if (!string.Equals(String(t, "symbol", where), symbol, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    exits[String(t, "signalId", where)] = new TradeExitOverlay(Time(t, "exitTime", where), Number(t, "exitPrice", where), Reason(t, where));
                }
            }

            var overlays = new List<SignalOverlay>();
            var k = 0;
            foreach (var s in signals.EnumerateArray())
            {
                var where = $"{path}: signals[{k++}]";
                if (!string.Equals(String(s, "symbol", where), symbol, StringComparison.Ordinal))
                {
                    continue;
                }

                var id = String(s, "id", where);
                Direction side;
                try
                {
                    side = WireNames.ParseDirection(String(s, "side", where));
                }
                catch (FormatException ex)
                {
                    throw new CliException($"{where}.side: {ex.Message}", 1, ex);
                }

                var kind = s.TryGetProperty("kind", out var k2) && k2.ValueKind == JsonValueKind.String && k2.GetString() == WireNames.Of(SignalKind.Swing)
                    ? SignalKind.Swing
                    : SignalKind.Micro;
                overlays.Add(new SignalOverlay(Time(s, "time", where), side, Number(s, "entry", where), Number(s, "stopLoss", where),
                    Number(s, "takeProfit", where), exits.GetValueOrDefault(id)) { Kind = kind });
            }

            return overlays;
        }
    }

    private static JsonElement Field(JsonElement item, string name, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new CliException($"{where}: expected an object", 1);
        }

        return item.TryGetProperty(name, out var value) ? value : throw new CliException($"{where}: \"{name}\" is missing", 1);
    }

    private static string String(JsonElement item, string name, string where)
    {
        var value = Field(item, name, where);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new CliException($"{where}.{name}: expected a string", 1);
    }

    private static double Number(JsonElement item, string name, string where)
    {
        var value = Field(item, name, where);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) && d > 0
            ? d
            : throw new CliException($"{where}.{name}: expected a positive number, got {value.GetRawText()}", 1);
    }

    private static long Time(JsonElement item, string name, string where)
    {
        var text = String(item, name, where);
        return TimestampParser.TryParse(text, out var ms) ? ms : throw new CliException($"{where}.{name}: '{text}' is not an ISO 8601 time", 1);
    }

    private static ExitReason Reason(JsonElement item, string where) => String(item, "exitReason", where) switch
    {
        "TP" => ExitReason.TakeProfit,
        "SL" => ExitReason.StopLoss,
        "TIME" => ExitReason.Time,
        "END" => ExitReason.End,
        var other => throw new CliException($"{where}.exitReason: '{other}' is not one of TP, SL, TIME, END", 1),
    };
}

using System.Globalization;
using System.Xml.Linq;

namespace CryptoSignalTracker.Cli;

/// <summary>
/// Refuses any option the chosen command does not declare, before anything is parsed, bound or run. Spectre.Console.Cli
/// keeps unknown options as "remaining arguments" and runs the command with its defaults, so a typo (<c>--form</c> for
/// <c>--from</c>) silently changed results; and a strict parse would still validate the settings first, so
/// <c>--candle x.csv</c> was reported as "--candles is required" without naming the typo. The options are read from
/// the app's own command model (Spectre's <c>cli xmldoc</c>), so every command registered in <see cref="CstApp"/>,
/// now or later, is checked without doing anything.
/// </summary>
internal static class StrictOptions
{
    /// <summary>Exit code of a usage error (as the parser's own errors).</summary>
    public const int UsageExitCode = 2;

    private static readonly string[] BuiltIn = ["--help", "-h", "-?"];

    /// <summary>Throws <see cref="CliException"/> (exit 2) naming the first option in <paramref name="args"/> that the command does not take.</summary>
    /// <param name="args">The command line (after <see cref="CstApp.ExpandMultiValueOptions"/>).</param>
    /// <param name="model">The <c>Model</c> element of <c>cst cli xmldoc</c>.</param>
    public static void Check(IReadOnlyList<string> args, XElement model)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(model);
        var node = model;
        var i = 0;
        for (; i < args.Count && !args[i].StartsWith('-'); i++)
        {
            var child = node.Elements("Command").FirstOrDefault(c => (string?)c.Attribute("Name") == args[i]);
            if (child is null)
            {
                return; // not a command we know: the parser says so itself
            }

            node = child;
        }

        if (node == model || (string?)node.Attribute("IsBranch") == "true")
        {
            return; // no command chosen: the parser prints the help
        }

        var command = "cst " + string.Join(' ', args.Take(i));
        var options = node.AncestorsAndSelf("Command")
            .SelectMany(c => c.Element("Parameters")?.Elements("Option") ?? [])
            .SelectMany(o => Names(o).Select(n => (Name: n, Flag: (string?)o.Attribute("Kind") == "flag")))
            .ToList();
        var expectsValue = false;
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                if (i + 1 < args.Count)
                {
                    throw new CliException($"unexpected argument '{args[i + 1]}' for '{command}' ('{command} --help' lists the options)", UsageExitCode);
                }

                break;
            }

            if (!arg.StartsWith('-') || (expectsValue && double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                expectsValue = false;
                continue; // an option's value (a negative number included)
            }

            var written = arg.Split('=', ':')[0];
            var known = options.FirstOrDefault(o => string.Equals(o.Name, written, StringComparison.Ordinal));
            if (known.Name is null && !BuiltIn.Contains(written, StringComparer.Ordinal))
            {
                var nearest = Nearest(written, options.Select(o => o.Name).Append("--help"));
                throw new CliException(
                    $"unknown option {written} for '{command}'" +
                    (nearest is null ? "" : $"; did you mean {nearest}?") +
                    $" ('{command} --help' lists the options)",
                    UsageExitCode);
            }

            expectsValue = known.Name is not null && !known.Flag && written.Length == arg.Length;
        }
    }

    /// <summary>
    /// The option closest to <paramref name="written"/> by edit distance (a swap of two neighbours counts one), or
    /// null when even the closest differs in more than half its letters: then it is no hint.
    /// </summary>
    internal static string? Nearest(string written, IEnumerable<string> options)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var option in options)
        {
            var distance = EditDistance(written.TrimStart('-'), option.TrimStart('-'));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (option, distance);
            }
        }

        return best is not null && bestDistance * 2 <= Math.Max(written.TrimStart('-').Length, best.TrimStart('-').Length)
            ? best
            : null;
    }

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps, ignoring case.</summary>
    internal static int EditDistance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>An option's spellings on the command line: <c>--long</c> and <c>-s</c> (the model lists several comma-separated).</summary>
    private static IEnumerable<string> Names(XElement option) =>
        ((string?)option.Attribute("Long") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => "--" + n)
            .Concat(((string?)option.Attribute("Short") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => "-" + n));
}

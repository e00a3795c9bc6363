using Spectre.Console;

namespace CryptoSignalTracker.Cli;

/// <summary>Rich console output for the commands.</summary>
internal static class CliConsole
{
    /// <summary>Columns used when output goes to a file or pipe (no terminal width to read).</summary>
    private const int RedirectedWidth = 160;

    /// <summary>
    /// A console bound to the current <see cref="Console.Out"/> (tests redirect it per run), wide enough
    /// for the result tables when the output is redirected.
    /// </summary>
    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    /// <summary>
    /// Writes one line of plain text: word-wrapped to the terminal on a terminal, and as one unbroken line when the
    /// output is a file or pipe (Spectre would wrap it at <see cref="RedirectedWidth"/>, mid-word).
    /// </summary>
    public static void PlainLine(IAnsiConsole console, string text)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (Console.IsOutputRedirected)
        {
            Console.Out.WriteLine(text);
        }
        else
        {
            console.WriteLine(text);
        }
    }
}

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
}

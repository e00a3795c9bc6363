namespace CryptoSignalTracker.Cli.Tests;

/// <summary>Redirects Console.Out and Console.Error to strings until disposed (tests run serially, see AssemblyInfo).</summary>
public sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter _originalOut = Console.Out;
    private readonly TextWriter _originalError = Console.Error;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    /// <summary>Starts capturing.</summary>
    public ConsoleCapture()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    /// <summary>What was written to standard output.</summary>
    public string Out => _out.ToString();

    /// <summary>What was written to standard error.</summary>
    public string Error => _error.ToString();

    /// <summary>Runs <c>cst</c> with <paramref name="args"/> under a fresh capture and returns the exit code and both streams.</summary>
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var capture = new ConsoleCapture();
        var exitCode = CstApp.Run(args);
        return (exitCode, capture.Out, capture.Error);
    }

    /// <summary>Restores the original writers.</summary>
    public void Dispose()
    {
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
        _out.Dispose();
        _error.Dispose();
    }
}

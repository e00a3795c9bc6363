namespace CryptoSignalTracker.Cli;

/// <summary>A user-facing failure: printed as one line on stderr (<c>cst: ...</c>) with a non-zero exit code.</summary>
public sealed class CliException(string message, int exitCode = 1, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Process exit code (1 = bad input data, 2 = bad usage).</summary>
    public int ExitCode { get; } = exitCode;
}

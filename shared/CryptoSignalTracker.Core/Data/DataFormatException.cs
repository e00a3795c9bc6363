namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// A data file could not be read: names the file, the 1-based line and what was wrong with it.
/// The message is <c>{file}:{line}: {problem}</c>, the form compilers use, so editors can jump to it.
/// </summary>
public sealed class DataFormatException : FormatException
{
    private readonly string _source;

    /// <summary>Creates the exception for <paramref name="problem"/> at <paramref name="line"/> of <paramref name="source"/>.</summary>
    /// <param name="source">The file (or stream name) that was being read.</param>
    /// <param name="line">1-based line number of the offending row (the header is line 1).</param>
    /// <param name="problem">What was wrong, in plain words.</param>
    public DataFormatException(string source, long line, string problem)
        : base($"{source}:{line}: {problem}")
    {
        _source = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>Creates the exception for a problem of the whole file (no one line is wrong): <c>{file}: {problem}</c>.</summary>
    /// <param name="source">The file (or stream name) that was being read.</param>
    /// <param name="problem">What was wrong, in plain words.</param>
    public DataFormatException(string source, string problem)
        : base($"{source}: {problem}")
    {
        _source = source;
        Problem = problem;
    }

    /// <summary>The file (or stream name) that was being read.</summary>
    public override string Source => _source;

    /// <summary>1-based line number of the offending row; 0 for a problem of the whole file.</summary>
    public long Line { get; }

    /// <summary>What was wrong, without the file and line.</summary>
    public string Problem { get; }
}

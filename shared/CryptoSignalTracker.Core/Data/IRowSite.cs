namespace CryptoSignalTracker.Core.Data;

/// <summary>Where a field was read (file and line), so that a bad field is reported as <c>file:line: problem</c>.</summary>
internal interface IRowSite
{
    /// <summary>The error for <paramref name="problem"/> at this row.</summary>
    DataFormatException Error(string problem);
}

namespace CryptoSignalTracker.Core.Ports;

/// <summary>A stored record cannot be decoded; the message names the row or document and the field.</summary>
public sealed class CorruptRecordException : StoreException
{
    /// <summary>Creates the exception for record <paramref name="recordName"/> with <paramref name="problem"/>.</summary>
    public CorruptRecordException(string recordName, string problem)
        : base($"stored record '{recordName}' is malformed: {problem}")
    {
        RecordName = recordName;
    }

    /// <summary>Row key or document name of the bad record.</summary>
    public string RecordName { get; }
}

namespace CryptoSignalTracker.Google.Bigtable;

/// <summary>The ReadRows stream broke the chunk protocol (a server bug or a corrupted stream); the message says how.</summary>
public sealed class ReadRowsProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReadRowsProtocolException(string message)
        : base("invalid ReadRows chunk stream: " + message)
    {
    }
}

namespace CryptoSignalTracker.Core.Ports;

/// <summary>
/// A store could not do what was asked: unreachable or too slow (past its deadline), a missing table or
/// database, a rejected request. The message says which store, what was attempted and why.
/// </summary>
public class StoreException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public StoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace CryptoSignalTracker.DevCloud;

/// <summary>The local cloud could not start (or restart) something; the message says what and why, with the process's last output where there is one.</summary>
public sealed class LocalCloudException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LocalCloudException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public LocalCloudException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public LocalCloudException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

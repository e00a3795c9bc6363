namespace CryptoSignalTracker.Hosting;

/// <summary>A request the host cannot turn into a CloudEvent (or whose data cannot be decoded): answered with 400 and the reason.</summary>
public sealed class CloudEventDecodingException : Exception
{
    /// <summary>Creates the exception with a reason naming what was wrong.</summary>
    public CloudEventDecodingException(string reason, Exception? innerException = null)
        : base(reason, innerException)
    {
    }
}

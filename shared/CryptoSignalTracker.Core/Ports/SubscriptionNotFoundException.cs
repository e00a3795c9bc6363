namespace CryptoSignalTracker.Core.Ports;

/// <summary>A message bus operation named a subscription that does not exist.</summary>
public sealed class SubscriptionNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="subscription"/>.</summary>
    public SubscriptionNotFoundException(string subscription, Exception? innerException = null)
        : base($"Subscription '{subscription}' does not exist; create it first (IMessageBus.EnsureSubscriptionAsync).", innerException)
    {
        Subscription = subscription;
    }

    /// <summary>The subscription id that was not found.</summary>
    public string Subscription { get; }
}

namespace CryptoSignalTracker.Core.Ports;

/// <summary>A message to publish: payload bytes, string attributes and an optional ordering key.</summary>
public sealed record BusMessage
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    /// <summary>Creates a message; it needs a non-empty payload or at least one attribute.</summary>
    public BusMessage(ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? attributes = null, string? orderingKey = null)
    {
        Data = data;
        Attributes = attributes ?? NoAttributes;
        OrderingKey = orderingKey ?? string.Empty;
        if (data.IsEmpty && Attributes.Count == 0)
        {
            throw new ArgumentException("A bus message needs a non-empty payload or at least one attribute.", nameof(data));
        }
    }

    /// <summary>The payload.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>String attributes (metadata); empty if none.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>Messages with the same non-empty key are delivered in publish order; "" = no ordering.</summary>
    public string OrderingKey { get; }
}

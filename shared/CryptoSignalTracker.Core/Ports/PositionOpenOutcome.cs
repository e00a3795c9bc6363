namespace CryptoSignalTracker.Core.Ports;

/// <summary>What <see cref="IPositionBook.TryOpenAsync"/> did.</summary>
public enum PositionOpenOutcome
{
    /// <summary>The position is now open (this call opened it).</summary>
    Opened = 1,

    /// <summary>A position with the same signal id is already open; nothing changed.</summary>
    AlreadyOpen = 2,

    /// <summary>Another MICRO position is open on the symbol; nothing changed.</summary>
    Conflict = 3,

    /// <summary>A position with this signal id was already opened and closed; it is not opened again.</summary>
    AlreadyClosed = 4,
}

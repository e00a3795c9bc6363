using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Ports;

/// <summary>The latest macro bias per symbol (one record per symbol; a new one replaces the old one).</summary>
public interface IBiasStore
{
    /// <summary>Stores <paramref name="bias"/> as the current bias of its symbol.</summary>
    Task PutAsync(MacroBias bias, CancellationToken cancellationToken = default);

    /// <summary>The current bias of <paramref name="symbol"/> (expired or not; callers check validity), or null.</summary>
    Task<MacroBias?> GetAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>The current bias of every symbol that has one, ordered by symbol.</summary>
    Task<IReadOnlyList<MacroBias>> ListAsync(CancellationToken cancellationToken = default);
}

using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>Receives what <see cref="BybitPublicTradeStream"/> sees. Calls come from one loop, never concurrently.</summary>
public interface IBybitTradeObserver
{
    /// <summary>A connection is subscribed to every symbol (first connect or reconnect); <paramref name="nowMs"/> is the local clock.</summary>
    void OnSubscribed(int connection, long nowMs);

    /// <summary>The trades of one push, in time order; <paramref name="serverTimeMs"/> is the push's <c>ts</c>.</summary>
    void OnTrades(IReadOnlyList<Trade> trades, long serverTimeMs);

    /// <summary>The connection was lost (closed, failed, or quiet too long); trades may be missed until the next <see cref="OnSubscribed"/>.</summary>
    void OnDisconnected(int connection, string reason, long nowMs);
}

using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live.Tests;

/// <summary>The real candle store, counting the candles read through it; <see cref="OnRead"/> runs after each read.</summary>
internal sealed class CountingCandleStore(ICandleStore inner) : ICandleStore
{
    private int _candlesRead;

    public int CandlesRead => Volatile.Read(ref _candlesRead);

    public Action<int>? OnRead { get; set; }

    public Task WriteAsync(string symbol, IReadOnlyList<Candle> candles, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(symbol, candles, cancellationToken);

    public async Task<IReadOnlyList<Candle>> ReadAsync(string symbol, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        var candles = await inner.ReadAsync(symbol, fromMs, toMs, cancellationToken);
        var total = Interlocked.Add(ref _candlesRead, candles.Count);
        OnRead?.Invoke(total);
        return candles;
    }
}

using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Aggregation;

/// <summary>
/// An open-addressing set of trade ids that is cleared in O(1) (a generation stamp per slot), so the
/// aggregator can keep the ids of the current timestamp without allocating. It only grows, by doubling.
/// </summary>
internal sealed class TradeIdSet
{
    private const int InitialCapacity = 64;

    private TradeId[] _keys = new TradeId[InitialCapacity];
    private int[] _stamps = new int[InitialCapacity];
    private int _stamp = 1;
    private int _count;

    public int Count => _count;

    public void Clear()
    {
        _count = 0;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_stamps);
            _stamp = 1;
        }
    }

    /// <summary>Adds <paramref name="id"/>; false when it was already in the set.</summary>
    public bool Add(in TradeId id)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        var mask = _keys.Length - 1;
        var slot = Hash(id) & mask;
        while (_stamps[slot] == _stamp)
        {
            ref readonly var key = ref _keys[slot];
            if (key.High == id.High && key.Low == id.Low)
            {
                return false;
            }

            slot = (slot + 1) & mask;
        }

        _stamps[slot] = _stamp;
        _keys[slot] = id;
        _count++;
        return true;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldStamps = _stamps;
        var live = _stamp;
        _keys = new TradeId[oldKeys.Length * 2];
        _stamps = new int[oldKeys.Length * 2];
        _stamp = 1;
        _count = 0;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldStamps[i] == live)
            {
                Add(oldKeys[i]);
            }
        }
    }

    private static int Hash(in TradeId id)
    {
        // splitmix64 finaliser over both halves: numeric ids differ only in their low bits
        var x = (id.High * 0x9E3779B97F4A7C15UL) ^ id.Low;
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        return (int)x & int.MaxValue;
    }
}

using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Tests.Data;

namespace CryptoSignalTracker.Core.Tests.Aggregation;

/// <summary>The real trades the aggregation tests run on, read once.</summary>
internal static class TradeFiles
{
    private static readonly Dictionary<string, IReadOnlyList<Trade>> Cache = [];

    public static TheoryData<string> All() => ["bundled:sample/binance_usdm_ETHUSDT_trades_hftbacktest.csv", .. DataFiles.SharedTradeFiles];

    public static IReadOnlyList<Trade> Read(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var trades))
            {
                var path = name.StartsWith("bundled:", StringComparison.Ordinal) ? DataFiles.Bundled(name["bundled:".Length..]) : DataFiles.Shared(name);
                Cache[name] = trades = TradeCsvReader.ReadFile(path);
            }

            return trades;
        }
    }
}

namespace CryptoSignalTracker.Core.Tests.Aggregation;

/// <summary>Names of the trade captures used by single-file aggregation tests.</summary>
internal static class DataFilesNames
{
    /// <summary>Binance USD-M BTCUSDT: three capture windows months apart.</summary>
    public const string UsdmBtc = "trades/binance_usdm_BTCUSDT_trades_hftbacktest.csv";
}

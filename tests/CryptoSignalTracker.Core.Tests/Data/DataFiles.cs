namespace CryptoSignalTracker.Core.Tests.Data;

/// <summary>Where the tests find real market data: the repository's bundled copy and the shared data set beside the repository.</summary>
internal static class DataFiles
{
    /// <summary>A file of the repository's <c>data/</c> folder (copied to the test output).</summary>
    public static string Bundled(string relative) => Path.Combine(AppContext.BaseDirectory, "data", relative);

    /// <summary>A file of the shared data set, <c>../shared/data</c> from the repository root.</summary>
    public static string Shared(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", relative));
        return File.Exists(path) ? path : throw new FileNotFoundException($"shared data file missing: {path} (a copy of shared/ must sit beside the repository)", path);
    }

    /// <summary>The three real trade captures of the shared data set.</summary>
    public static IReadOnlyList<string> SharedTradeFiles { get; } =
    [
        "trades/binance_usdm_BTCUSDT_trades_hftbacktest.csv",
        "trades/binance_usdm_ETHUSDT_trades_hftbacktest.csv",
        "trades/binance_spot_BTCUSDT_trades_hftbacktest.csv",
    ];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no CryptoSignalTracker.sln above {AppContext.BaseDirectory}");
    }
}

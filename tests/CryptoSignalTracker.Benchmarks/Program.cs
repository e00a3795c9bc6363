using BenchmarkDotNet.Running;

namespace CryptoSignalTracker.Benchmarks;

/// <summary>Entry point: runs the benchmarks the command line selects (e.g. <c>--filter *Rsi*</c>).</summary>
public static class Program
{
    /// <summary>
    /// Runs BenchmarkDotNet's switcher over every benchmark class in this assembly, or, with first argument
    /// <c>localcloud-latency</c> or <c>localcloud-scale</c>, the measured multi-process runs of <see cref="LocalCloud.LocalCloudLatency"/> and
    /// <see cref="LocalCloud.LocalCloudScale"/>, or with
    /// <c>generate-year DIR</c>, the synthetic year of candle files of <see cref="Data.YearCandleFiles"/>.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == LocalCloud.LocalCloudLatency.Verb)
        {
            return LocalCloud.LocalCloudLatency.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == LocalCloud.LocalCloudScale.Verb)
        {
            return LocalCloud.LocalCloudScale.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == Data.YearCandleFiles.Verb)
        {
            return Data.YearCandleFiles.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

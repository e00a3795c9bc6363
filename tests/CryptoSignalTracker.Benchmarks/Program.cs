using BenchmarkDotNet.Running;

namespace CryptoSignalTracker.Benchmarks;

/// <summary>Entry point: runs the benchmarks the command line selects (e.g. <c>--filter *Rsi*</c>).</summary>
public static class Program
{
    /// <summary>Runs BenchmarkDotNet's switcher over every benchmark class in this assembly.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

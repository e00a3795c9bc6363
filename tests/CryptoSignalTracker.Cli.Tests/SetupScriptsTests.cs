using System.Diagnostics;

namespace CryptoSignalTracker.Cli.Tests;

/// <summary>
/// The set-up a newcomer meets first: <c>scripts/prerequisites.sh</c> (what <c>scripts/test.sh</c> checks before it
/// builds) names each missing prerequisite in one line with how to get it, and <c>scripts/install.sh</c> installs a
/// <c>cst</c> that works outside <c>dotnet run</c>.
/// </summary>
public sealed class SetupScriptsTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cst-setup-").FullName;

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir.FullName;
    }

    [Fact]
    public async Task Prerequisites_JavaNodeNpmAndChromiumMissing_OneLineEachSayingHowToGetIt_Exit1()
    {
        // A PATH holding the shell tools the script uses, dotnet and gcloud, but no java, node, npm or chromium.
        var bin = Directory.CreateDirectory(Path.Combine(_temp, "bin")).FullName;
        foreach (var tool in new[] { "bash", "sed", "head", "cut", "grep", "paste", "wc", "dirname", "readlink", "cat", "dotnet", "gcloud", "python3" })
        {
            var found = Which(tool);
            if (found is not null)
            {
                File.CreateSymbolicLink(Path.Combine(bin, tool), found);
            }
        }

        Assert.True(File.Exists(Path.Combine(bin, "dotnet")), "dotnet must be on PATH to run the tests");
        var (code, stdout, stderr) = await RunAsync("bash", [Path.Combine(RepoRoot(), "scripts", "prerequisites.sh")], bin);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("missing: java: not installed", StringComparison.Ordinal) && l.Contains("apt-get install default-jre-headless", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("missing: node: not installed", StringComparison.Ordinal) && l.Contains("apt-get install nodejs", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("missing: npm: not installed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("missing: chromium: not installed", StringComparison.Ordinal) && l.Contains("apt-get install chromium", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("missing: dotnet", StringComparison.Ordinal));
        Assert.EndsWith("missing (scripts/prerequisites.sh --install installs them on Debian/Ubuntu)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prerequisites_OnThisMachine_AllThereSilentExit0()
    {
        // scripts/test.sh ran the same check before building these tests, so everything is there.
        var (code, stdout, stderr) = await RunAsync("bash", [Path.Combine(RepoRoot(), "scripts", "prerequisites.sh")], path: null);

        Assert.True(code == 0, stderr);
        Assert.Equal(string.Empty, stdout + stderr);
    }

    [Fact]
    public async Task Prerequisites_UnknownOption_UsageExit2()
    {
        var (code, _, stderr) = await RunAsync("bash", [Path.Combine(RepoRoot(), "scripts", "prerequisites.sh"), "--instal"], path: null);

        Assert.Equal(2, code);
        Assert.Contains("usage: scripts/prerequisites.sh [--install]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_ToToolPath_InstalledCstBacktestsTheBundledData()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        Assert.True(configuration == "Release" || configuration == "Debug", configuration);
        var root = RepoRoot();
        var tools = Path.Combine(_temp, "tools");
        // --no-build packs the Release build scripts/test.sh made; a Debug test run packs (and so builds) Release itself.
        string[] arguments = configuration == "Release"
            ? [Path.Combine(root, "scripts", "install.sh"), "--tool-path", tools, "--no-build"]
            : [Path.Combine(root, "scripts", "install.sh"), "--tool-path", tools];
        var (code, stdout, stderr) = await RunAsync("bash", arguments, path: null, TimeSpan.FromMinutes(10));
        Assert.True(code == 0, $"install.sh exited {code}:\n{stdout}\n{stderr}");
        Assert.Contains($"is {tools}/cst", stdout, StringComparison.Ordinal);
        Assert.Contains($"{tools} is not on your PATH", stdout, StringComparison.Ordinal);

        var json = Path.Combine(_temp, "backtest.json");
        var candles = Path.Combine(root, "data", "sample", "bybit_linear_BTCUSDT_1m_2025-05-30_2025-06-29.csv");
        var (btCode, btOut, btErr) = await RunAsync(Path.Combine(tools, "cst"), ["backtest", "--candles", candles, "--json", json], path: null, TimeSpan.FromMinutes(3), workingDirectory: _temp);

        Assert.True(btCode == 0, $"the installed cst exited {btCode}:\n{btOut}\n{btErr}");
        Assert.Contains("signals ", btOut, StringComparison.Ordinal);
        Assert.True(new FileInfo(json).Length > 0);
    }

    [Fact]
    public async Task Install_UnknownOption_UsageExit2WithoutPacking()
    {
        var (code, stdout, stderr) = await RunAsync("bash", [Path.Combine(RepoRoot(), "scripts", "install.sh"), "--toolpath", _temp], path: null);

        Assert.Equal(2, code);
        Assert.Contains("install: unknown option '--toolpath'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("packing", stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(
        string file, string[] arguments, string? path, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in time; stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

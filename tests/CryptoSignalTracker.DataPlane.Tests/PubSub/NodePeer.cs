using System.Diagnostics;
using CryptoSignalTracker.DataPlane.Tests.Emulators;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>
/// Runs Google's official Node.js Pub/Sub client (tests/interop/pubsub) against the emulator. The client is
/// installed on first use by install-peer.sh into the gitignored .peer folder; a failed install fails the test.
/// </summary>
public static class NodePeer
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    /// <summary>tests/interop/pubsub in this repository.</summary>
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "tests", "interop", "pubsub");

    /// <summary>Installs the peer once per test run; throws with npm's output if that fails.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_installed)
            {
                return;
            }

            var (code, output, error) = await RunAsync("bash", [Path.Combine(Directory, "install-peer.sh")], null, InstallTimeout);
            if (code != 0)
            {
                throw new InvalidOperationException(
                    $"Installing the Node.js Pub/Sub peer (tests/interop/pubsub/install-peer.sh, npm @google-cloud/pubsub) failed with exit code {code}:\n{output}\n{error}");
            }

            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Runs interop.cjs with the emulator env; returns stdout, throws with stderr on a non-zero exit.</summary>
    public static async Task<string> RunInteropAsync(string emulatorHost, TimeSpan timeout, params string[] arguments)
    {
        await EnsureInstalledAsync();
        var environment = new Dictionary<string, string> { [EmulatorEnvironment.PubSubVariable] = emulatorHost };
        var (code, output, error) = await RunAsync("node", [Path.Combine(Directory, "interop.cjs"), .. arguments], environment, timeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"node interop.cjs {string.Join(' ', arguments)} failed with exit code {code}:\n{error}\n{output}");
        }

        return output;
    }

    /// <summary>Runs a process to completion (killing its tree on timeout) and returns exit code, stdout, stderr.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}; stderr so far: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CryptoSignalTracker.sln not found above {AppContext.BaseDirectory}");
    }
}

using System.Diagnostics;
using CryptoSignalTracker.DataPlane.Tests.Stores;

namespace CryptoSignalTracker.DataPlane.Tests.Bigtable;

/// <summary>
/// Runs tests/interop/bigtable/interop.js (Google's official Node Bigtable client) against the emulator.
/// The client is installed on first use with <c>npm install --prefix .peer</c> into the ignored
/// <c>.peer</c> folder beside the script, at the version pinned in that folder's package.json.
/// </summary>
public static class NodeBigtablePeer
{
    /// <summary>Pinned client version (same as tests/interop/bigtable/package.json).</summary>
    public const string ClientPackage = "@google-cloud/bigtable@7.2.0";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Folder holding interop.js.</summary>
    public static string ScriptDirectory => Path.Combine(RealCandles.RepositoryRoot(), "tests", "interop", "bigtable");

    /// <summary>Runs <c>node interop.js args...</c> with BIGTABLE_EMULATOR_HOST=<paramref name="emulatorHost"/>; returns stdout, throws with stderr on failure.</summary>
    public static async Task<string> RunAsync(string emulatorHost, params string[] args)
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo("node") { WorkingDirectory = ScriptDirectory };
        start.ArgumentList.Add("interop.js");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["BIGTABLE_EMULATOR_HOST"] = emulatorHost;
        // No metadata-server probing: the emulator needs no credentials.
        start.Environment["METADATA_SERVER_DETECTION"] = "none";
        return await RunProcessAsync(start, RunTimeout);
    }

    private static async Task EnsureInstalledAsync()
    {
        var marker = Path.Combine(ScriptDirectory, ".peer", "node_modules", "@google-cloud", "bigtable", "package.json");
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(marker))
            {
                return;
            }

            var start = new ProcessStartInfo("npm") { WorkingDirectory = ScriptDirectory };
            foreach (var arg in new[] { "install", "--prefix", ".peer", ClientPackage, "--no-audit", "--no-fund", "--loglevel=error" })
            {
                start.ArgumentList.Add(arg);
            }

            await RunProcessAsync(start, InstallTimeout);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<string> RunProcessAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}

using System.Diagnostics;

namespace CryptoSignalTracker.DevCloud;

/// <summary>Finds the Google Cloud SDK that holds the emulators, as scripts/emulators.sh does.</summary>
internal static class GcloudSdk
{
    /// <summary>The variable scripts/emulators.sh exports with the SDK root.</summary>
    public const string RootVariable = "CST_GCLOUD_SDK_ROOT";

    /// <summary><paramref name="configured"/>, else <see cref="RootVariable"/>, else what <c>gcloud info</c> reports.</summary>
    /// <exception cref="LocalCloudException">No SDK found; says how to install it.</exception>
    public static async Task<string> RootAsync(string? configured, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var root = configured ?? environment(RootVariable);
        if (string.IsNullOrWhiteSpace(root))
        {
            root = await AskGcloudAsync(cancellationToken).ConfigureAwait(false);
        }

        return Directory.Exists(root)
            ? root
            : throw new LocalCloudException($"the Google Cloud SDK root '{root}' does not exist");
    }

    private static async Task<string> AskGcloudAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("gcloud") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("info");
        start.ArgumentList.Add("--format=value(installation.sdk_root)");
        try
        {
            using var process = Process.Start(start) ?? throw new LocalCloudException("could not run gcloud");
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 && output.Trim().Length > 0
                ? output.Trim()
                : throw new LocalCloudException($"'gcloud info' failed (exit {process.ExitCode}); set {RootVariable} to the Google Cloud SDK root");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new LocalCloudException($"gcloud is not installed (apt package google-cloud-cli, plus -pubsub-emulator, -bigtable-emulator, -firestore-emulator); or set {RootVariable}", ex);
        }
    }
}

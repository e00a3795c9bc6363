namespace CryptoSignalTracker.Google.Connection;

/// <summary>Finds the Google Cloud project id the adapters work in.</summary>
public static class GoogleProjectId
{
    /// <summary>The variables read, in order: ours (also set by scripts/emulators.sh), then Google's usual ones.</summary>
    public static IReadOnlyList<string> Variables { get; } = ["CST_GCP_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT"];

    /// <summary>The first non-empty of <see cref="Variables"/>; throws naming them when none is set.</summary>
    /// <param name="environmentReader">Reads a variable; default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public static string Resolve(Func<string, string?>? environmentReader = null)
    {
        var read = environmentReader ?? Environment.GetEnvironmentVariable;
        foreach (var name in Variables)
        {
            if (read(name) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        throw new InvalidOperationException(
            $"No Google Cloud project id: set one of {string.Join(", ", Variables)} (scripts/emulators.sh sets CST_GCP_PROJECT=cst-test).");
    }
}

namespace CryptoSignalTracker.DataPlane.Tests.Emulators;

/// <summary>
/// Reads the emulator addresses that scripts/emulators.sh exports. A test that needs an emulator calls
/// <see cref="RequirePubSub"/> (etc.) first: when the variable is missing the test FAILS with a message saying how
/// to start the emulators (in CI and locally alike; emulator tests are never skipped).
/// </summary>
public static class EmulatorEnvironment
{
    /// <summary>Variable naming the Pub/Sub emulator ("host:port").</summary>
    public const string PubSubVariable = "PUBSUB_EMULATOR_HOST";

    /// <summary>Variable naming the Bigtable emulator ("host:port").</summary>
    public const string BigtableVariable = "BIGTABLE_EMULATOR_HOST";

    /// <summary>Variable naming the Firestore emulator ("host:port").</summary>
    public const string FirestoreVariable = "FIRESTORE_EMULATOR_HOST";

    /// <summary>Variable naming the Google Cloud project the tests use.</summary>
    public const string ProjectVariable = "CST_GCP_PROJECT";

    /// <summary>Variable naming the Google Cloud SDK root (for tests that start a private emulator).</summary>
    public const string SdkRootVariable = "CST_GCLOUD_SDK_ROOT";

    /// <summary>Project used when <see cref="ProjectVariable"/> is not set.</summary>
    public const string DefaultProject = "cst-test";

    /// <summary>True when running in CI (CI=true).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The project id for emulator tests.</summary>
    public static string Project =>
        Environment.GetEnvironmentVariable(ProjectVariable) is { Length: > 0 } project ? project : DefaultProject;

    /// <summary>"host:port" of the Pub/Sub emulator; fails the test when it is not set.</summary>
    public static string RequirePubSub() => Require(PubSubVariable, "Pub/Sub");

    /// <summary>"host:port" of the Bigtable emulator; fails the test when it is not set.</summary>
    public static string RequireBigtable() => Require(BigtableVariable, "Bigtable");

    /// <summary>"host:port" of the Firestore emulator; fails the test when it is not set.</summary>
    public static string RequireFirestore() => Require(FirestoreVariable, "Firestore");

    /// <summary>The Google Cloud SDK root: <see cref="SdkRootVariable"/>, else "gcloud info"; fails the test when neither works.</summary>
    public static string RequireSdkRoot()
    {
        if (Environment.GetEnvironmentVariable(SdkRootVariable) is { Length: > 0 } root && Directory.Exists(root))
        {
            return root;
        }

        throw new InvalidOperationException(
            $"{SdkRootVariable} is not set (it names the Google Cloud SDK root). Run the tests with scripts/test.sh, "
            + "which starts the emulators and exports it.");
    }

    private static string Require(string variable, string service)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        var where = IsCi ? "CI=true but " : string.Empty;
        throw new InvalidOperationException(
            $"{where}{variable} is not set, so the {service} emulator tests cannot run. Run scripts/test.sh (it starts the "
            + $"emulators and exports {PubSubVariable}, {BigtableVariable}, {FirestoreVariable} and {ProjectVariable}), "
            + "or start them yourself: source scripts/emulators.sh && emulators_start.");
    }
}

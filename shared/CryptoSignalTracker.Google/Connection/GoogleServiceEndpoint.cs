namespace CryptoSignalTracker.Google.Connection;

/// <summary>
/// One Google Cloud gRPC service as the channel factory sees it: where it lives in production, which
/// environment variable points it at a local emulator, and which OAuth scope its calls need.
/// </summary>
/// <param name="Name">Short name used in logs and error messages, e.g. "Pub/Sub".</param>
/// <param name="ProductionHost">Host of the public endpoint (TLS on port 443), e.g. "pubsub.googleapis.com".</param>
/// <param name="EmulatorHostVariable">Environment variable holding "host:port" of an emulator, e.g. "PUBSUB_EMULATOR_HOST".</param>
/// <param name="Scopes">OAuth 2.0 scopes requested for Application Default Credentials.</param>
/// <param name="EmulatorBearerToken">Bearer token sent to the emulator, or null for none (the Firestore emulator treats "owner" as admin).</param>
public sealed record GoogleServiceEndpoint(
    string Name,
    string ProductionHost,
    string EmulatorHostVariable,
    IReadOnlyList<string> Scopes,
    string? EmulatorBearerToken = null)
{
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>Cloud Pub/Sub (google.pubsub.v1).</summary>
    public static GoogleServiceEndpoint PubSub { get; } = new(
        "Pub/Sub", "pubsub.googleapis.com", "PUBSUB_EMULATOR_HOST",
        [CloudPlatformScope, "https://www.googleapis.com/auth/pubsub"]);

    /// <summary>Cloud Bigtable data API (google.bigtable.v2).</summary>
    public static GoogleServiceEndpoint Bigtable { get; } = new(
        "Bigtable", "bigtable.googleapis.com", "BIGTABLE_EMULATOR_HOST",
        [CloudPlatformScope, "https://www.googleapis.com/auth/bigtable.data"]);

    /// <summary>Cloud Bigtable table admin API (google.bigtable.admin.v2); the emulator serves it on the data port.</summary>
    public static GoogleServiceEndpoint BigtableAdmin { get; } = new(
        "Bigtable admin", "bigtableadmin.googleapis.com", "BIGTABLE_EMULATOR_HOST",
        [CloudPlatformScope, "https://www.googleapis.com/auth/bigtable.admin.table"]);

    /// <summary>Cloud Firestore (google.firestore.v1); the emulator is called as admin ("Bearer owner").</summary>
    public static GoogleServiceEndpoint Firestore { get; } = new(
        "Firestore", "firestore.googleapis.com", "FIRESTORE_EMULATOR_HOST",
        [CloudPlatformScope, "https://www.googleapis.com/auth/datastore"],
        EmulatorBearerToken: "owner");
}

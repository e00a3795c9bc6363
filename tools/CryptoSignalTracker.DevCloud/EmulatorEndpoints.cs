namespace CryptoSignalTracker.DevCloud;

/// <summary>Where the three emulators listen ("host:port" each, the form of the <c>*_EMULATOR_HOST</c> variables).</summary>
/// <param name="PubSub">PUBSUB_EMULATOR_HOST.</param>
/// <param name="Bigtable">BIGTABLE_EMULATOR_HOST.</param>
/// <param name="Firestore">FIRESTORE_EMULATOR_HOST.</param>
public sealed record EmulatorEndpoints(string PubSub, string Bigtable, string Firestore)
{
    /// <summary>The Pub/Sub emulator variable.</summary>
    public const string PubSubVariable = "PUBSUB_EMULATOR_HOST";

    /// <summary>The Bigtable emulator variable.</summary>
    public const string BigtableVariable = "BIGTABLE_EMULATOR_HOST";

    /// <summary>The Firestore emulator variable.</summary>
    public const string FirestoreVariable = "FIRESTORE_EMULATOR_HOST";

    /// <summary>The endpoints from the environment (scripts/emulators.sh exports them); null unless all three are set.</summary>
    public static EmulatorEndpoints? FromEnvironment(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var pubsub = read(PubSubVariable);
        var bigtable = read(BigtableVariable);
        var firestore = read(FirestoreVariable);
        return string.IsNullOrWhiteSpace(pubsub) || string.IsNullOrWhiteSpace(bigtable) || string.IsNullOrWhiteSpace(firestore)
            ? null
            : new EmulatorEndpoints(pubsub.Trim(), bigtable.Trim(), firestore.Trim());
    }

    /// <summary>The three variables, as a client process needs them.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PubSubVariable] = PubSub,
        [BigtableVariable] = Bigtable,
        [FirestoreVariable] = Firestore,
    };
}

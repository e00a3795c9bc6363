using CryptoSignalTracker.DataPlane.Tests.Emulators;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.Firestore;

namespace CryptoSignalTracker.DataPlane.Tests.Firestore;

/// <summary>
/// An empty Firestore database on the emulator (FIRESTORE_EMULATOR_HOST; the test fails when it is not
/// set): a project id of its own per test. Every <see cref="NewDatabase"/> has its own channel, as a
/// separate instance of a function would.
/// </summary>
public sealed class FirestoreTestDatabase : IDisposable
{
    private readonly List<GoogleChannelFactory> _factories = [];
    private readonly string _host;

    /// <summary>Reserves a fresh project on the emulator.</summary>
    public FirestoreTestDatabase()
    {
        _host = EmulatorEnvironment.RequireFirestore();
        Options = new FirestoreOptions { ProjectId = "cst-test-" + Guid.NewGuid().ToString("N")[..10] };
    }

    /// <summary>The database options (unique project).</summary>
    public FirestoreOptions Options { get; }

    /// <summary>A channel factory that points Firestore at <paramref name="host"/>.</summary>
    public static GoogleChannelFactory FactoryFor(string host) => new(new GoogleConnectionSettings
    {
        EnvironmentReader = name => name == EmulatorEnvironment.FirestoreVariable ? host : null,
    });

    /// <summary>A database handle with its own channel.</summary>
    public FirestoreDatabase NewDatabase() => NewDatabase(Options);

    /// <summary>As <see cref="NewDatabase()"/>, with <paramref name="options"/> (same project) instead of <see cref="Options"/>.</summary>
    public FirestoreDatabase NewDatabase(FirestoreOptions options)
    {
        var factory = FactoryFor(_host);
        _factories.Add(factory);
        return new FirestoreDatabase(factory, options);
    }

    /// <inheritdoc />
    public void Dispose() => _factories.ForEach(f => f.Dispose());
}

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>The local-cloud tests run one at a time and beside nothing else: each starts several processes on a shared machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalCloudCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "LocalCloud";
}

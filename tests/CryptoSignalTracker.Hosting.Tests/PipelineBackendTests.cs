using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Google.Bigtable;
using CryptoSignalTracker.Google.Firestore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Hosting.Tests;

/// <summary>
/// The candle-store choice every function's Startup makes through <see cref="PipelineBackend.AddPipelineBackend"/>
/// (Terraform's <c>candle_store</c> arrives as <c>CANDLE_STORE</c>). Nothing connects here: the clients are lazy.
/// </summary>
public sealed class PipelineBackendTests
{
    [Fact]
    public void AddPipelineBackend_CandleStoreUnset_UsesBigtable()
    {
        using var provider = Build(null);

        Assert.IsType<BigtableCandleStore>(provider.GetRequiredService<ICandleStore>());
    }

    [Theory]
    [InlineData("firestore")]
    [InlineData(" Firestore ")]
    public void AddPipelineBackend_CandleStoreFirestore_UsesFirestoreOnTheSharedDatabase(string value)
    {
        using var provider = Build(value);

        Assert.IsType<FirestoreCandleStore>(provider.GetRequiredService<ICandleStore>());
        Assert.Null(provider.GetService<BigtableCandleStoreOptions>());
    }

    [Fact]
    public void AddPipelineBackend_CandleStoreBigtable_UsesBigtableWithTheConfiguredTable()
    {
        using var provider = Build("bigtable", ("BIGTABLE_INSTANCE", "my-instance"), ("BIGTABLE_TABLE", "my-table"));

        Assert.IsType<BigtableCandleStore>(provider.GetRequiredService<ICandleStore>());
        var options = provider.GetRequiredService<BigtableCandleStoreOptions>();
        Assert.Equal(("my-instance", "my-table"), (options.InstanceId, options.TableId));
    }

    [Fact]
    public void AddPipelineBackend_UnknownCandleStore_ThrowsNamingTheSettingAndValue()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build("sqlite"));

        Assert.Contains("CANDLE_STORE 'sqlite' must be bigtable or firestore", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(string? candleStore, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["CST_BACKEND"] = "google", ["GOOGLE_CLOUD_PROJECT"] = "cst-backend-test" };
        if (candleStore is not null)
        {
            settings[PipelineBackend.CandleStoreKey] = candleStore;
        }

        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddPipelineBackend(configuration).BuildServiceProvider();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Hosting.Tests;

/// <summary>
/// <see cref="SettingsRegistration.AddSettings"/> on a real host: a bad setting stops the start-up (not the first
/// request) with a message naming the key; a good one is bound and resolvable by its type.
/// </summary>
public sealed class SettingsRegistrationTests
{
    private static Action<IServiceCollection> Settings(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return services => services.AddSettings<SampleSettings>(configuration, SampleSettings.Section, s => s.Validate());
    }

    [Fact]
    public async Task AddSettings_ValueTheValidationRefuses_StartFailsNamingTheKey()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => RunningHost.StartAsync(typeof(RecordingFunction), Settings(("Sample:MaxAttempts", "0"))));

        Assert.Contains("Sample:MaxAttempts must be 1..20, was 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSettings_ValueOfTheWrongType_StartFailsNamingTheKey()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => RunningHost.StartAsync(typeof(RecordingFunction), Settings(("Sample:MaxAttempts", "three"))));

        Assert.Contains("Sample:MaxAttempts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSettings_GoodValue_BoundAndResolvableByType()
    {
        await using var host = await RunningHost.StartAsync(typeof(RecordingFunction), s =>
        {
            Settings(("Sample:MaxAttempts", "7"))(s);
            s.AddSingleton(new Received());
        });

        Assert.Equal(7, host.App.Services.GetRequiredService<SampleSettings>().MaxAttempts);
    }

    [Fact]
    public async Task AddSettings_Unset_DefaultsValidated()
    {
        await using var host = await RunningHost.StartAsync(typeof(RecordingFunction), s =>
        {
            Settings()(s);
            s.AddSingleton(new Received());
        });

        Assert.Equal(SampleSettings.DefaultMaxAttempts, host.App.Services.GetRequiredService<SampleSettings>().MaxAttempts);
    }
}

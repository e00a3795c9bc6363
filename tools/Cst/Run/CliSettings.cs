using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>
/// How <c>cst</c> reads settings it shares with the functions: through the functions' own registrations
/// (<c>AddIngestorSettings</c>, <c>AddLogicEngineSettings</c>, i.e. <c>AddSettings</c> with the options types' own
/// validation) on a configuration of its flags over the environment; a bad value is a usage error (exit 2) naming the key.
/// </summary>
internal static class CliSettings
{
    /// <summary>Registers with <paramref name="register"/>, then reads (binding and validating) with <paramref name="read"/>.</summary>
    /// <exception cref="CliException">A setting is invalid (exit code 2); the message names it.</exception>
    public static T Read<T>(Action<IServiceCollection> register, Func<IServiceProvider, T> read)
    {
        var services = new ServiceCollection();
        register(services);
        using var provider = services.BuildServiceProvider();
        try
        {
            return read(provider);
        }
        catch (Exception e) when (e is OptionsValidationException or ArgumentException or InvalidOperationException)
        {
            throw new CliException(e.Message, 2, e);
        }
    }
}

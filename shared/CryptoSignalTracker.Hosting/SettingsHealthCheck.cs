using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// `/health` answers 503 while the settings are missing or malformed (no token, bad secret, bad chat id ...): resolves
/// <typeparamref name="TService"/> — the function's main service — and so builds it and its dependencies once, which
/// reads and validates every setting but contacts nothing. The detail names the setting and never shows a secret.
/// </summary>
/// <typeparam name="TService">The service whose construction validates the settings.</typeparam>
public sealed class SettingsHealthCheck<TService> : IFunctionHealthCheck
    where TService : notnull
{
    private readonly IServiceProvider _services;

    /// <summary>Creates the check over the host's services.</summary>
    public SettingsHealthCheck(IServiceProvider services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc />
    public ValueTask<FunctionHealth> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            _services.GetRequiredService<TService>();
            return ValueTask.FromResult(FunctionHealth.Healthy());
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or OptionsValidationException)
        {
            return ValueTask.FromResult(FunctionHealth.Unhealthy("settings: " + e.Message));
        }
    }
}

using CryptoSignalTracker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using CryptoSignalTracker.Telegram.Commands;

namespace CryptoSignalTracker.Functions.TelegramWebhook;

/// <summary>
/// `/healthz` answers 503 while the settings are missing or malformed (no token, bad secret, bad chat id ...):
/// builds the <see cref="BotCommandHandler"/> and its dependencies once, which reads and validates every setting but
/// contacts nothing. The detail names the setting and never shows a secret.
/// </summary>
public sealed class SettingsHealthCheck : IFunctionHealthCheck
{
    private readonly IServiceProvider _services;

    /// <summary>Creates the check over the host's services.</summary>
    public SettingsHealthCheck(IServiceProvider services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <inheritdoc />
    public ValueTask<FunctionHealth> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            _services.GetRequiredService<BotCommandHandler>();
            return ValueTask.FromResult(FunctionHealth.Healthy());
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return ValueTask.FromResult(FunctionHealth.Unhealthy("settings: " + e.Message));
        }
    }
}

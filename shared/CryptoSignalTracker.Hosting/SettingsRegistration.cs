using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// The one way a function registers its settings: the host's options pipeline
/// (<c>AddOptions&lt;T&gt;().Bind(section).Validate(...).ValidateOnStart()</c>), so a bad setting stops the start-up with
/// a message naming the key instead of failing the first request; the bound value is also registered as
/// the settings type itself, so services whose constructors take it can be registered by type.
/// </summary>
public static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, checks it with <paramref name="validate"/> at start-up
    /// (an <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/> it throws becomes the start-up
    /// error, prefixed with the section), and registers the value as <typeparamref name="T"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The configuration to bind from.</param>
    /// <param name="section">The configuration section, e.g. <c>Aggregator</c>.</param>
    /// <param name="validate">Throws naming the bad setting; may also normalise the value.</param>
    /// <param name="configure">Applied after binding and before validation (e.g. a setting read from another key).</param>
    /// <param name="validateOnStart">
    /// True (default): a bad value stops the start-up. False: it surfaces when the value is first resolved (an
    /// <see cref="OptionsValidationException"/> naming the key) — for settings merged with secrets that a function checks
    /// lazily so its <c>/health</c> answers 503 naming the setting (<see cref="SettingsHealthCheck{TService}"/>).
    /// </param>
    /// <returns>The options builder, for more configuration.</returns>
    public static OptionsBuilder<T> AddSettings<T>(
        this IServiceCollection services, IConfiguration configuration, string section, Action<T> validate, Action<T>? configure = null, bool validateOnStart = true)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        ArgumentNullException.ThrowIfNull(validate);
        var builder = services.AddOptions<T>().Bind(configuration.GetSection(section));
        if (configure is not null)
        {
            builder.PostConfigure(configure);
        }

        services.AddSingleton<IValidateOptions<T>>(new ThrowingValidation<T>(section, validate));
        if (validateOnStart)
        {
            builder.ValidateOnStart();
        }

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return builder;
    }

    /// <summary>Turns the settings types' own <c>Validate()</c> (which throws naming the key) into an options validation.</summary>
    private sealed class ThrowingValidation<T>(string section, Action<T> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            try
            {
                validate(options);
                return ValidateOptionsResult.Success;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                // The settings types name the key, some with the section ("Aggregator:FormingEvery ..."), some without.
                return ValidateOptionsResult.Fail(e.Message.Contains(section + ":", StringComparison.Ordinal) ? e.Message : $"{section}: {e.Message}");
            }
        }
    }
}

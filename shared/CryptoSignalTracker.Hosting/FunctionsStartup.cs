using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// A function's start-up code, as in the Functions Framework: register the function's dependencies (lazily:
/// clients are created on first use, so the host listens on <c>$PORT</c> before any heavy work), an
/// optional <see cref="IFunctionHealthCheck"/>, and middleware. Name it in <see cref="FunctionsStartupAttribute"/>.
/// </summary>
public abstract class FunctionsStartup
{
    /// <summary>Registers services; the function class itself is registered by the host.</summary>
    public virtual void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
    }

    /// <summary>Adds middleware that runs before the function.</summary>
    public virtual void Configure(WebHostBuilderContext context, IApplicationBuilder app)
    {
    }

    /// <summary>Adjusts logging (levels, providers); the host has already chosen the console format.</summary>
    public virtual void ConfigureLogging(WebHostBuilderContext context, ILoggingBuilder logging)
    {
    }
}

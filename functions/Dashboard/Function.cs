using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Functions.Dashboard;

/// <summary>
/// The Dashboard service. Its pages and APIs are served by the middleware <see cref="Startup"/> adds (the shared
/// dashboard behind the bot's signed links); a request reaches this function only once it has a session and names
/// nothing the dashboard serves: 404.
/// </summary>
[FunctionsStartup(typeof(Startup))]
public sealed class Function : IHttpFunction
{
    /// <inheritdoc />
    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("404: the dashboard has no such page\n", context.RequestAborted);
    }
}

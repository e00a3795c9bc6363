using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Hosting;

/// <summary>A function that handles plain HTTP requests (as in the Functions Framework for .NET).</summary>
public interface IHttpFunction
{
    /// <summary>Handles one request; <see cref="HttpContext.RequestAborted"/> is cancelled when the caller goes away or the host stops.</summary>
    Task HandleAsync(HttpContext context);
}

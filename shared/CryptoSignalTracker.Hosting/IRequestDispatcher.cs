using Microsoft.AspNetCore.Http;

namespace CryptoSignalTracker.Hosting;

/// <summary>Hands a request to the served function in the way its interface needs.</summary>
internal interface IRequestDispatcher
{
    /// <summary>Serves one request.</summary>
    Task DispatchAsync(HttpContext context);
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CryptoSignalTracker.Hosting;

/// <summary>Serves one <see cref="IHttpFunction"/>: the request goes to it as is.</summary>
internal sealed class HttpDispatcher<TFunction> : IRequestDispatcher
    where TFunction : class, IHttpFunction
{
    public Task DispatchAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<TFunction>().HandleAsync(context);
}

using System.Reflection;

namespace CryptoSignalTracker.Hosting;

/// <summary>Finds the function class to serve, the way the Functions Framework does.</summary>
public static class FunctionTarget
{
    /// <summary>The environment variable naming the function type (full or simple name).</summary>
    public const string EnvironmentVariable = "FUNCTION_TARGET";

    /// <summary>True when <paramref name="type"/> is a concrete class implementing a function interface.</summary>
    public static bool IsFunctionType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
            && (typeof(IHttpFunction).IsAssignableFrom(type) || CloudEventDataType(type) is not null);
    }

    /// <summary>The <c>TData</c> of the <see cref="ICloudEventFunction{TData}"/> <paramref name="type"/> implements, or null.</summary>
    public static Type? CloudEventDataType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICloudEventFunction<>))
            ?.GetGenericArguments()[0];
    }

    /// <summary>
    /// The function type in <paramref name="assembly"/>: the one named by <paramref name="target"/> (full name or
    /// simple name) when given, else the only function class there.
    /// </summary>
    /// <exception cref="InvalidOperationException">The named type is missing or not a function, or there are zero or several candidates (names them).</exception>
    public static Type Resolve(Assembly assembly, string? target)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var candidates = assembly.GetTypes().Where(IsFunctionType).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        if (!string.IsNullOrWhiteSpace(target))
        {
            var named = assembly.GetType(target, throwOnError: false)
                ?? candidates.SingleOrDefault(t => t.Name == target)
                ?? throw new InvalidOperationException(
                    $"{EnvironmentVariable} '{target}' names no function class in {assembly.GetName().Name} (candidates: {Names(candidates)})");
            return IsFunctionType(named)
                ? named
                : throw new InvalidOperationException($"{EnvironmentVariable} '{target}' does not implement IHttpFunction or ICloudEventFunction<TData>");
        }

        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new InvalidOperationException($"{assembly.GetName().Name} has no class implementing IHttpFunction or ICloudEventFunction<TData>"),
            _ => throw new InvalidOperationException(
                $"{assembly.GetName().Name} has several function classes ({Names(candidates)}); set {EnvironmentVariable} to one of them"),
        };
    }

    private static string Names(IEnumerable<Type> types)
    {
        var names = string.Join(", ", types.Select(t => t.FullName));
        return names.Length == 0 ? "none" : names;
    }
}

namespace CryptoSignalTracker.Hosting;

/// <summary>
/// Names the <see cref="FunctionsStartup"/> of a function: put it on the function class or on its assembly.
/// Several startups run in <see cref="Order"/>, then by type name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = true, Inherited = true)]
public sealed class FunctionsStartupAttribute : Attribute
{
    /// <summary>Names the startup type (public, with a public parameterless constructor).</summary>
    public FunctionsStartupAttribute(Type startupType)
    {
        ArgumentNullException.ThrowIfNull(startupType);
        StartupType = startupType;
    }

    /// <summary>The startup type.</summary>
    public Type StartupType { get; }

    /// <summary>Lower runs first. Default 0.</summary>
    public int Order { get; set; }
}

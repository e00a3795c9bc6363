namespace CryptoSignalTracker.Core.Ports;

/// <summary>Validation of the names callers pass to stores (collections, keys, ids).</summary>
public static class StoreNames
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 100;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="what"/> unless <paramref name="name"/>
    /// is 1-100 characters of letters, digits, <c>-</c>, <c>_</c>, <c>.</c> and does not start with
    /// <c>.</c> or <c>__</c>. Returns the name.
    /// </summary>
    public static string Validate(string? name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            throw new ArgumentException($"{what} '{name}' must be 1-{MaxLength} characters", what);
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"{what} '{name}' contains '{c}' (allowed: letters, digits, '-', '_', '.')", what);
            }
        }

        if (name[0] == '.' || name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} '{name}' must not start with '.' or '__'", what);
        }

        return name;
    }
}

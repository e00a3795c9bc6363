namespace CryptoSignalTracker.Hosting.Tests;

/// <summary>A settings type shaped like the functions' own: a section, defaults, and a Validate that names the key.</summary>
public sealed class SampleSettings
{
    public const string Section = "Sample";

    public const int DefaultMaxAttempts = 5;

    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    public void Validate()
    {
        if (MaxAttempts is < 1 or > 20)
        {
            throw new ArgumentException($"{Section}:{nameof(MaxAttempts)} must be 1..20, was {MaxAttempts}");
        }
    }
}

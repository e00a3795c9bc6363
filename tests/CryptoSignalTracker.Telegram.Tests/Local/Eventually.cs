namespace CryptoSignalTracker.Telegram.Tests.Local;

/// <summary>Waits (real time) for a background loop to reach a state.</summary>
public static class Eventually
{
    /// <summary>Default patience: 15 s (the machine is shared and slow).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>Returns once <paramref name="condition"/> holds; fails naming <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>As <see cref="TrueAsync(Func{bool}, string)"/>, for a condition that reads a store.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(20);
        }
    }
}

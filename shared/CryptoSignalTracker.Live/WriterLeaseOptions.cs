namespace CryptoSignalTracker.Live;

/// <summary>How the LogicEngine holds its single-writer lease (configuration section <c>Logic:Lease</c>).</summary>
public sealed record WriterLeaseOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Logic:Lease";

    /// <summary>The lease's name (default <c>logic-engine</c>): engines sharing a portfolio share it.</summary>
    public string Name { get; init; } = "logic-engine";

    /// <summary>
    /// How long a holding lasts unless renewed (default 30 s). It is renewed on an event once half of it has passed, so an
    /// instance that stops receiving events (a drained revision) frees it within this time; another instance answers
    /// events retryably until then.
    /// </summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>This instance's name in the lease (default: host name and a random suffix, new per process).</summary>
    public string Holder { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public WriterLeaseOptions Validate()
    {
        Core.Ports.StoreNames.Validate(Name, "Logic:Lease:Name");
        if (string.IsNullOrWhiteSpace(Holder))
        {
            throw new ArgumentException("Logic:Lease:Holder must not be empty", nameof(Holder));
        }

        if (Duration < TimeSpan.FromSeconds(1) || Duration > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"Logic:Lease:Duration must be 1 s..10 min, was {Duration}", nameof(Duration));
        }

        return this;
    }
}

using CryptoSignalTracker.Telegram.Commands;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>A settable <see cref="IPipelineStatus"/>.</summary>
public sealed class StubPipelineStatus : IPipelineStatus
{
    /// <summary>What <see cref="GetAsync"/> returns.</summary>
    public PipelineHealth Health { get; set; } = new([], null);

    /// <inheritdoc />
    public Task<PipelineHealth> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Health);
}

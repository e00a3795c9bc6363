namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>Where the pipeline stands, for <c>/status</c>. The host implements it from whatever it can see (stores, its own counters).</summary>
public interface IPipelineStatus
{
    /// <summary>The current health snapshot.</summary>
    Task<PipelineHealth> GetAsync(CancellationToken cancellationToken = default);
}

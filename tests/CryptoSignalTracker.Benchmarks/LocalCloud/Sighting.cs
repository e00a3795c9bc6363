namespace CryptoSignalTracker.Benchmarks.LocalCloud;

/// <summary>One message as the latency recorder first saw it.</summary>
/// <param name="MinuteMs">The minute (open time, Unix ms) the message is about: the candle's, the signal's decided minute, the exit candle's.</param>
/// <param name="SeenUtc">When the recorder's handler got it.</param>
/// <param name="PublishedUtc">When Pub/Sub accepted it (the emulator's publish time).</param>
public sealed record Sighting(long MinuteMs, DateTime SeenUtc, DateTime PublishedUtc);

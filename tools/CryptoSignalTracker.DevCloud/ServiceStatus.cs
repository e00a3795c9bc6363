namespace CryptoSignalTracker.DevCloud;

/// <summary>One row of <c>cst dev up</c>'s table: an emulator or a function, where it listens, its process and health.</summary>
/// <param name="Name">E.g. "Pub/Sub emulator" or "Aggregator".</param>
/// <param name="Kind">"emulator" or "function".</param>
/// <param name="Port">Its port on 127.0.0.1.</param>
/// <param name="Address">What clients use: <c>host:port</c> (emulators) or the URL (functions).</param>
/// <param name="ProcessId">Its process (and process group) id; null when it is not ours (reused emulators) or not running.</param>
/// <param name="Status">"ok", "reused", "stopped", or the reason /health gave.</param>
/// <param name="Detail">The push subscription feeding it, if any, and its log file (in <see cref="LocalCloud.LogDirectory"/>).</param>
public sealed record ServiceStatus(string Name, string Kind, int Port, string Address, int? ProcessId, string Status, string Detail);

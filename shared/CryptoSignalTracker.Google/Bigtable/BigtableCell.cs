using Google.Protobuf;

namespace CryptoSignalTracker.Google.Bigtable;

/// <summary>One cell of a Bigtable row as <see cref="ReadRowsMerger"/> assembles it from chunks.</summary>
/// <param name="Family">Column family name.</param>
/// <param name="Qualifier">Column qualifier (bytes).</param>
/// <param name="TimestampMicros">Cell version timestamp, microseconds.</param>
/// <param name="Value">The whole value, concatenated from every chunk of the cell.</param>
/// <param name="Labels">Labels applied by the request's filter (usually none).</param>
public sealed record BigtableCell(string Family, ByteString Qualifier, long TimestampMicros, ByteString Value, IReadOnlyList<string> Labels);

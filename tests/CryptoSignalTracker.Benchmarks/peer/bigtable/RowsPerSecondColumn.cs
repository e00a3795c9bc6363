using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CryptoSignalTracker.Benchmarks.Peer.Bigtable;

/// <summary>Rows per wall-clock second: the operation's row count over its mean time.</summary>
public sealed class RowsPerSecondColumn : IColumn
{
    private readonly int _rows;

    /// <summary>Creates the column for operations that write <paramref name="rows"/> rows each.</summary>
    public RowsPerSecondColumn(int rows)
    {
        _rows = rows;
    }

    /// <inheritdoc />
    public string Id => nameof(RowsPerSecondColumn);

    /// <inheritdoc />
    public string ColumnName => "Rows/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => -1;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Rows written per wall-clock second (mean)";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var meanNs = report?.ResultStatistics?.Mean;
        return meanNs is > 0 ? (_rows / (meanNs.Value / 1e9)).ToString("N0", CultureInfo.InvariantCulture) : "n/a";
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

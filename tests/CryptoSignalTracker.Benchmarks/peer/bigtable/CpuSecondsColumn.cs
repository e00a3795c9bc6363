using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CryptoSignalTracker.Benchmarks.Peer.Bigtable;

/// <summary>Mean client CPU seconds per operation (user + system), from <see cref="CpuLedger"/>; optionally rows per CPU second.</summary>
public sealed class CpuSecondsColumn : IColumn
{
    private readonly int _rows;
    private readonly string _suffix;

    /// <summary>Creates the column: CPU seconds per op, or rows per CPU second when <paramref name="rows"/> is positive.</summary>
    public CpuSecondsColumn(int rows = 0, string suffix = "")
    {
        _rows = rows;
        _suffix = suffix;
    }

    /// <inheritdoc />
    public string Id => $"{nameof(CpuSecondsColumn)}{_rows}{_suffix}";

    /// <inheritdoc />
    public string ColumnName => (_rows > 0 ? "Rows/CPU-s" : "Client CPU-s") + _suffix;

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => _rows > 0 ? 1 : 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => _rows > 0
        ? "Rows written per second of client CPU (user + system)"
        : "Client CPU seconds (user + system) per operation; for the node peer the whole child process";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var cpu = CpuLedger.Mean(benchmarkCase.Descriptor.WorkloadMethod.Name + _suffix);
        if (cpu is not { } seconds)
        {
            return "n/a";
        }

        return _rows > 0
            ? (_rows / seconds).ToString("N0", CultureInfo.InvariantCulture)
            : seconds.ToString("0.000", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CryptoSignalTracker.Benchmarks.Telegram;

/// <summary>The 99th percentile of the measured iterations (BenchmarkDotNet ships P95 but no P99 column).</summary>
public sealed class P99Column : IColumn
{
    /// <inheritdoc />
    public string Id => "P99";

    /// <inheritdoc />
    public string ColumnName => "P99";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Statistics;

    /// <inheritdoc />
    public int PriorityInCategory => 10;

    /// <inheritdoc />
    public bool IsNumeric => false;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Time;

    /// <inheritdoc />
    public string Legend => "99th percentile of the iteration times";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null)
        {
            return "NA";
        }

        var ns = stats.Percentiles.Percentile(99);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ns / 1000:0.0} μs");
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

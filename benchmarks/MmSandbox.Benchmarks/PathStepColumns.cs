using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MmSandbox.Benchmarks;

/// <summary>
/// Columns that turn a whole run's time and allocations into rates per path-step, for benchmarks whose
/// path count differs from case to case (so that <c>OperationsPerInvoke</c>, a constant, cannot do it).
/// </summary>
public static class PathStepColumns
{
    /// <summary>Paths, ns/path-step, M path-steps/s and B/path-step, for runs of <paramref name="pathSteps"/>(case) path-steps.</summary>
    public static IColumn[] For(Func<BenchmarkCase, long> pathSteps) =>
    [
        new Column("Path-steps", "Paths × steps of the run", 0, pathSteps, (_, steps) => steps.ToString("N0", CultureInfo.InvariantCulture)),
        new Column("ns/path-step", "Mean time of a run / its path-steps", 1, pathSteps,
            (r, steps) => r.ResultStatistics is { } s ? (s.Mean / steps).ToString("F1", CultureInfo.InvariantCulture) : "NA"),
        new Column("M path-steps/s", "Path-steps of a run / its mean time, in millions per second", 2, pathSteps,
            (r, steps) => r.ResultStatistics is { } s ? (steps / s.Mean * 1e3).ToString("F2", CultureInfo.InvariantCulture) : "NA"),
        new Column("B/path-step", "Bytes allocated by a run (all threads) / its path-steps", 3, pathSteps,
            (r, steps) => r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) is { } bytes
                ? ((double)bytes / steps).ToString("F1", CultureInfo.InvariantCulture) : "NA"),
    ];

    private sealed class Column(string name, string legend, int priority, Func<BenchmarkCase, long> pathSteps,
                                Func<BenchmarkReport, long, string> format) : IColumn
    {
        public string Id => $"{nameof(PathStepColumns)}.{name}";
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => priority;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => legend;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            summary[benchmarkCase] is { } report ? format(report, pathSteps(benchmarkCase)) : "NA";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}

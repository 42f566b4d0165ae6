using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.IO;
using MmSandbox.Reporting.Results;

namespace MmSandbox.Runner.Study;

/// <summary>
/// What an output folder already holds for a study: complete cells of the same config (which
/// <c>--resume</c> may keep), and results of a different config (which must not be mixed in
/// silently: the study refuses them unless told to replace them).
/// </summary>
public static class StudyFolder
{
    /// <summary>One cell folder that holds results of another config, with the first line that differs.</summary>
    public sealed record Conflict(string CellPath, string Difference)
    {
        /// <inheritdoc />
        public override string ToString() => $"{CellPath}: {Difference}";
    }

    /// <summary>The files of a study at the top of its folder.</summary>
    public static IReadOnlyList<string> AggregateFiles { get; } = [StudyManifest.FileName, ResultWriter.SummaryFileName, "summary.csv", StudyRender.ReportFile, StudyRender.FindingsFile];

    /// <summary>
    /// What in <paramref name="outDir"/> belongs to something else: cell folders whose config_used.yaml is not the plan's
    /// config for that cell, or the results of a single run at the top of the folder.
    /// </summary>
    public static IReadOnlyList<Conflict> Conflicts(StudyPlan plan, string outDir)
    {
        var conflicts = new List<Conflict>();
        // A single run's folder: the study's aggregate summary.json would replace the run's own.
        if (File.Exists(Path.Combine(outDir, ResultWriter.ConfigFileName)))
            conflicts.Add(new Conflict(".", "holds the results of a single run (config_used.yaml), not a study"));
        foreach (var cell in plan.Cells)
        {
            var existing = Path.Combine(outDir, cell.RelativePath, ResultWriter.ConfigFileName);
            if (!File.Exists(existing)) continue;
            var difference = FirstDifference(File.ReadAllText(existing), ConfigWriter.ToYaml(cell.Config));
            if (difference is not null) conflicts.Add(new Conflict(cell.RelativePath, difference));
        }
        return conflicts;
    }

    /// <summary>Whether a cell's folder holds its complete results for exactly its config: summary.json (written last) and the same config_used.yaml.</summary>
    public static bool IsComplete(StudyCell cell, string outDir)
    {
        var folder = Path.Combine(outDir, cell.RelativePath);
        var config = Path.Combine(folder, ResultWriter.ConfigFileName);
        return File.Exists(Path.Combine(folder, ResultWriter.SummaryFileName)) && File.Exists(config)
            && File.ReadAllText(config) == ConfigWriter.ToYaml(cell.Config);
    }

    /// <summary>Deletes what a study of <paramref name="plan"/> writes into <paramref name="outDir"/> (its cell folders and aggregate files), nothing else.</summary>
    public static void Clear(StudyPlan plan, string outDir)
    {
        foreach (var cell in plan.Cells)
        {
            var folder = Path.Combine(outDir, cell.RelativePath);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        foreach (var file in AggregateFiles) File.Delete(Path.Combine(outDir, file));
        // A single run's files at the top, if that is what --force replaces.
        foreach (var file in new[] { ResultWriter.ConfigFileName, ResultWriter.TimeseriesFileName, ResultWriter.TradesFileName, ResultWriter.SeriesFileName, "run_info.json", "run.log" })
            File.Delete(Path.Combine(outDir, file));
        var figures = Path.Combine(outDir, "figures");
        if (Directory.Exists(figures)) Directory.Delete(figures, recursive: true);
    }

    /// <summary>Removes the temporary files a killed run may have left in the study's folders.</summary>
    public static void RemoveLeftovers(StudyPlan plan, string outDir)
    {
        AtomicFile.RemoveLeftovers(outDir, recursive: false);
        AtomicFile.RemoveLeftovers(Path.Combine(outDir, "figures"), recursive: false);
        foreach (var cell in plan.Cells) AtomicFile.RemoveLeftovers(Path.Combine(outDir, cell.RelativePath), recursive: false);
    }

    private static string? FirstDifference(string existing, string planned)
    {
        if (existing == planned) return null;
        var a = existing.Split('\n');
        var b = planned.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i].Trim() : "(end)", right = i < b.Length ? b[i].Trim() : "(end)";
            if (left != right) return $"holds results of another config (line {i + 1}: '{left}' there, '{right}' now)";
        }
        return "holds results of another config";
    }
}

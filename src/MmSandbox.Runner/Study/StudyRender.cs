using MmSandbox.Reporting.Figures;
using MmSandbox.Reporting.IO;
using MmSandbox.Reporting.Report;
using MmSandbox.Reporting.Study;

namespace MmSandbox.Runner.Study;

/// <summary>Draws a study's six figures, its report and its findings from the study folder's files alone (no simulation).</summary>
public static class StudyRender
{
    /// <summary>The figures folder inside a study folder.</summary>
    public const string FiguresFolder = "figures";
    /// <summary>The report inside a study folder.</summary>
    public const string ReportFile = "report.html";
    /// <summary>The findings as Markdown, to quote elsewhere.</summary>
    public const string FindingsFile = "findings.md";

    /// <summary>Reads <paramref name="outDir"/> and writes <c>figures/</c> and <c>report.html</c> there.</summary>
    public static void Render(string outDir)
    {
        var data = StudyReader.Read(outDir);
        var figures = Path.Combine(outDir, FiguresFolder);
        FigureRenderer.RenderAll(data, figures);
        ReportWriter.Write(data, figures, Path.Combine(outDir, ReportFile));
        AtomicFile.WriteAllText(Path.Combine(outDir, FindingsFile), Findings.ToMarkdown(Findings.Evaluate(data)));
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using MmSandbox.Reporting.Figures;
using MmSandbox.Reporting.Report;
using MmSandbox.Reporting.Study;

namespace MmSandbox.Reporting.Tests.Study;

public sealed partial class ReportWriterTests(RenderedStudy study) : IClassFixture<RenderedStudy>
{
    private string WriteReport(StudyData? data = null)
    {
        var path = Path.Combine(study.Dir, "reports", Guid.NewGuid().ToString("N"), "report.html");
        ReportWriter.Write(data ?? study.Data, study.FiguresDir, path);
        return path;
    }

    [Fact]
    public void The_report_is_one_file_that_references_nothing_outside_itself()
    {
        var path = WriteReport();

        Assert.Equal(["report.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        var html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(SrcAttribute().Matches(html), m => Assert.StartsWith("data:image/png;base64,", m.Groups[1].Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_figure_is_embedded_with_its_caption()
    {
        var html = File.ReadAllText(WriteReport());

        Assert.Equal(6, SrcAttribute().Matches(html).Count);
        foreach (var figure in FigureRenderer.Figures)
        {
            var png = File.ReadAllBytes(Path.Combine(study.FiguresDir, figure.Name + ".png"));
            Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"", html, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(figure.Caption), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_summary_table_has_one_row_per_cell_with_its_kpis()
    {
        var html = File.ReadAllText(WriteReport());

        var table = SummaryTable(html);
        var rows = Regex.Matches(table, "<tr class=\"cell").Count;
        Assert.Equal(study.Data.Cells.Count, rows);
        Assert.Contains("<th>pnl_sharpe</th>", table, StringComparison.Ordinal);
        Assert.Contains("<th>markout_mean[5]</th>", table, StringComparison.Ordinal);
        var calm = study.Data.Cell("calm", 0.1)!.Result!.Summary;
        Assert.Contains($"<td>calm</td><td class=\"num\">0.1</td><td class=\"num\">{calm.SpreadMean.ToString("G4", CultureInfo.InvariantCulture)}</td>",
                        table, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_cells_are_listed_with_their_error_encoded()
    {
        var html = File.ReadAllText(WriteReport());

        var encoded = System.Net.WebUtility.HtmlEncode(RenderedStudy.FailedError);
        Assert.Contains("1 of 12 cells failed", html, StringComparison.Ordinal);
        Assert.Contains($"<li>turbulent, γ = 0.5 (<code>turbulent/gamma_0.5</code>): {encoded}</li>", html, StringComparison.Ordinal);
        Assert.Contains($"failed: {encoded}", SummaryTable(html), StringComparison.Ordinal);
        Assert.DoesNotContain("<InvalidOperationException>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_findings_section_states_each_claim_with_its_verdict()
    {
        var html = File.ReadAllText(WriteReport());

        var section = html[html.IndexOf("<h2>Findings</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>Summary</h2>", StringComparison.Ordinal)];
        foreach (var finding in Findings.Evaluate(study.Data))
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(finding.Claim), section, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(finding.Statement), section, StringComparison.Ordinal);
        }
        Assert.Contains("turbulent (σ = 10)", section, StringComparison.Ordinal);
    }

    [Fact]
    public void The_setup_names_the_regimes_and_the_run_parameters()
    {
        var html = File.ReadAllText(WriteReport());

        Assert.Contains("<tr><td>downtrend</td><td class=\"num\">-20</td><td class=\"num\">2</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>γ grid</th><td>0.01, 0.1, 0.5</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>paths per cell</th><td>200</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("20 steps of dt = 0.05, T = 1", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>seed</th><td>7</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>engine</th><td>reference</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_the_study_is_html_encoded()
    {
        const string Name = "calm <b>& quiet</b>";
        var data = study.Data with
        {
            Regimes = [.. study.Data.Regimes.Select(r => r.Name == "calm" ? r with { Name = Name } : r)],
            Cells = [.. study.Data.Cells.Select(c => c.Regime == "calm" ? c with { Regime = Name } : c)],
        };

        var html = File.ReadAllText(WriteReport(data));

        Assert.Contains("calm &lt;b&gt;&amp; quiet&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_printed_in_the_invariant_culture_whatever_the_current_one()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = comma;
        string html;
        try
        {
            html = File.ReadAllText(WriteReport());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        Assert.Contains("<td class=\"num\">0.01</td>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@">-?\d+,\d+<", html);
    }

    [Fact]
    public void A_missing_figure_is_an_error_naming_the_file()
    {
        var empty = Directory.CreateDirectory(Path.Combine(study.Dir, "no-figures-" + Guid.NewGuid().ToString("N"))).FullName;

        var e = Assert.Throws<StudyFileException>(() => ReportWriter.Write(study.Data, empty, Path.Combine(empty, "report.html")));

        Assert.Equal(Path.Combine(empty, "00_mid_overview.png"), e.FilePath);
        Assert.False(File.Exists(Path.Combine(empty, "report.html")));
    }

    private static string SummaryTable(string html)
    {
        int start = html.IndexOf("id=\"summary\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("src=\"([^\"]*)\"")]
    private static partial Regex SrcAttribute();
}

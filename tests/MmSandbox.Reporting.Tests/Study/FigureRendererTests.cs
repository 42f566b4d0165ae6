using System.Buffers.Binary;
using System.Globalization;
using MmSandbox.Reporting.Figures;
using MmSandbox.Reporting.Study;

namespace MmSandbox.Reporting.Tests.Study;

/// <summary>A four-regime fixture study with one failed cell, its figures rendered once for all tests of a class.</summary>
public sealed class RenderedStudy : IDisposable
{
    public const string FailedError = "actor 'market-maker' threw <InvalidOperationException> at step 3 & stopped";

    private readonly StudyFixture _fixture;

    public RenderedStudy()
    {
        _fixture = StudyFixture.Create(failed: new Dictionary<(string, double), string> { [("turbulent", 0.5)] = FailedError });
        Data = StudyReader.Read(_fixture.Dir);
        FiguresDir = Path.Combine(_fixture.Dir, "figures");
        Rendered = FigureRenderer.RenderAll(Data, FiguresDir);
    }

    public StudyData Data { get; }
    public string Dir => _fixture.Dir;
    public string FiguresDir { get; }
    public IReadOnlyList<RenderedFigure> Rendered { get; }

    public void Dispose() => _fixture.Dispose();
}

public sealed class FigureRendererTests(RenderedStudy study) : IClassFixture<RenderedStudy>
{
    public static TheoryData<string, int, int> Sizes => new()
    {
        { "00_mid_overview", 1400, 800 },
        { "01_quoting_2x2", 1400, 1000 },
        { "02_pnl_2x2", 1400, 1000 },
        { "03_inventory_2x2", 1400, 1000 },
        { "04_var_bars_2x2", 1400, 1000 },
        { "05_markout_boxplot_2x2", 1400, 1000 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Each_figure_is_written_as_a_png_of_the_expected_size_and_an_svg(string name, int width, int height)
    {
        var png = Path.Combine(study.FiguresDir, name + ".png");
        var svg = Path.Combine(study.FiguresDir, name + ".svg");

        Assert.Equal((width, height), PngSize(png));
        var text = File.ReadAllText(svg);
        Assert.Contains("<svg", text, StringComparison.Ordinal);
        Assert.Contains($"width=\"{width}\"", text, StringComparison.Ordinal);
        Assert.Contains($"height=\"{height}\"", text, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", text.TrimEnd(), StringComparison.Ordinal);
        Assert.True(new FileInfo(png).Length > 10_000, "a drawn figure, not an empty canvas");
    }

    [Fact]
    public void Render_all_writes_exactly_the_six_figures_in_both_formats_and_reports_them()
    {
        var files = Directory.GetFiles(study.FiguresDir).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(FigureRenderer.Figures.SelectMany(f => new[] { f.Name + ".png", f.Name + ".svg" }).Order(StringComparer.Ordinal), files);
        Assert.Equal(FigureRenderer.Figures.Select(f => f.Name), study.Rendered.Select(r => r.Figure.Name));
        Assert.All(study.Rendered, r => Assert.Equal((r.Width, r.Height), PngSize(r.PngPath)));
    }

    [Fact]
    public void Drawing_the_figures_again_in_the_same_process_writes_the_same_bytes()
    {
        // Skia numbers clip paths from a counter of the whole process, which the first drawing has moved on; the figures
        // are also drawn on several threads. Neither may change a file.
        var again = Path.Combine(study.Dir, "figures-again");
        FigureRenderer.RenderAll(study.Data, again);

        foreach (var file in Directory.GetFiles(study.FiguresDir))
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again, Path.GetFileName(file)))), Path.GetFileName(file));
    }

    [Fact]
    public void Clip_paths_are_renamed_in_order_of_first_appearance_and_references_follow_their_path()
    {
        const string svg = """<clipPath id="cl_1f"></clipPath><g clip-path="url(#cl_1f)"></g><clipPath id="cl_a"></clipPath>""" +
                           """<g clip-path="url(#cl_a)"></g><g clip-path="url(#cl_1f)"></g><text>cl_1f</text>""";

        Assert.Equal("""<clipPath id="cl_0"></clipPath><g clip-path="url(#cl_0)"></g><clipPath id="cl_1"></clipPath>""" +
                     """<g clip-path="url(#cl_1)"></g><g clip-path="url(#cl_0)"></g><text>cl_1f</text>""",
                     PanelFigure.RenumberClipPaths(svg));
    }

    [Fact]
    public void Each_panel_is_titled_with_its_regime_and_the_legend_names_every_gamma()
    {
        var svg = File.ReadAllText(Path.Combine(study.FiguresDir, "02_pnl_2x2.svg"));

        foreach (var regime in study.Data.Regimes)
            Assert.Contains(regime.PanelTitle, svg, StringComparison.Ordinal);
        foreach (var gamma in study.Data.Gammas)
            Assert.Contains($"γ = {gamma.ToString("R", CultureInfo.InvariantCulture)}", svg, StringComparison.Ordinal);
        Assert.Contains("PnL (price units)", svg, StringComparison.Ordinal);
        Assert.Contains("time (model units)", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_cell_is_named_in_its_panel()
    {
        var svg = File.ReadAllText(Path.Combine(study.FiguresDir, "04_var_bars_2x2.svg"));

        Assert.Contains("not shown, run failed: γ = 0.5", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_print_numbers_in_the_invariant_culture_and_leave_the_callers_culture_alone()
    {
        using var fixture = StudyFixture.Create(regimes: StudyFixture.FourRegimes.Take(2).ToList(), gammas: [0.01, 0.5]);
        var data = StudyReader.Read(fixture.Dir);
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = comma;
        try
        {
            var dir = Path.Combine(fixture.Dir, "figures");
            var rendered = FigureRenderer.RenderAll(data, dir);

            Assert.Same(comma, CultureInfo.CurrentCulture);
            var svg = File.ReadAllText(Path.Combine(dir, "05_markout_boxplot_2x2.svg"));
            // Skia writes each text on a line of its own inside its element.
            Assert.Matches(@">\s*0\.01\s*<", svg);
            Assert.DoesNotMatch(@">\s*-?\d+,\d+\s*<", svg);
            // Two regimes make one row of panels.
            Assert.Equal((1400, 560), PngSize(rendered[1].PngPath));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    /// <summary>Width and height from the IHDR chunk that follows the 8-byte PNG signature.</summary>
    internal static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}

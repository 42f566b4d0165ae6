using MmSandbox.Reporting.Study;

namespace MmSandbox.Reporting.Tests.Study;

public sealed class StudyReaderTests
{
    [Fact]
    public void Reader_returns_regimes_gammas_and_cells_in_study_json_order()
    {
        using var fixture = StudyFixture.Create();

        var data = StudyReader.Read(fixture.Dir);

        Assert.Equal(["calm", "turbulent", "uptrend", "downtrend"], data.Regimes.Select(r => r.Name));
        Assert.Equal([0, 0, 20, -20], data.Regimes.Select(r => r.Mu));
        Assert.Equal([2, 10, 2, 2], data.Regimes.Select(r => r.Sigma));
        Assert.Equal("turbulent (μ = 0, σ = 10)", data.Regimes[1].PanelTitle);
        Assert.Equal([0.01, 0.1, 0.5], data.Gammas);
        Assert.Equal(12, data.Cells.Count);
        Assert.All(data.Cells, c => Assert.Equal(CellStatus.Completed, c.Status));
        Assert.Equal(("calm", 0.01, "calm/gamma_0.01"), (data.Cells[0].Regime, data.Cells[0].Gamma, data.Cells[0].Path));
    }

    [Theory]
    [InlineData("turbulent", "turbulent (μ = 0, σ = 10)")]
    [InlineData("turbulent (μ = 0, σ = 10)", "turbulent (μ = 0, σ = 10)")]
    public void A_panel_title_states_mu_and_sigma_once(string title, string panelTitle)
    {
        Assert.Equal(panelTitle, new StudyRegime("turbulent", title, 0, 10).PanelTitle);
    }

    [Fact]
    public void Reader_takes_the_kpis_from_summary_json()
    {
        using var fixture = StudyFixture.Create();

        var data = StudyReader.Read(fixture.Dir);

        var cell = data.Cell("turbulent", 0.1)!;
        var written = fixture.Summaries["turbulent/gamma_0.1"];
        var s = cell.Result!.Summary;
        Assert.Equal(written.SpreadMean, s.SpreadMean);
        Assert.Equal(written.PnlMean, s.PnlMean);
        Assert.Equal(written.PnlStd, s.PnlStd);
        Assert.Equal(written.PnlSharpe, s.PnlSharpe);
        Assert.Equal(written.TailRisk[0].ValueAtRisk, s.Var95);
        Assert.Equal(written.TailRisk[0].ExpectedShortfall, s.Cvar95);
        Assert.Equal(written.InventoryStd, s.InventoryStd);
        Assert.Equal(written.InventoryVar[0].ValueAtRisk, s.Var95Inv);
        Assert.Equal(written.InventoryVar[1].ValueAtRisk, s.Var99Inv);
        Assert.Equal(written.AdverseSelectionRate, s.AdverseSelectionRate);
        Assert.Equal(written.TradesPerPathMean, s.TradesPerPathMean);
        Assert.Equal(StudyFixture.AdverseHorizon, s.AdverseHorizonSteps);
        Assert.Equal([1, StudyFixture.AdverseHorizon], s.Markouts.Select(m => m.Horizon));
        Assert.Equal(written.Markouts[1], s.MarkoutAtHorizon);
    }

    [Fact]
    public void Reader_takes_the_series_rows_and_path_zero_of_the_timeseries()
    {
        using var fixture = StudyFixture.Create();

        var data = StudyReader.Read(fixture.Dir);

        var result = data.Cell("uptrend", 0.5)!.Result!;
        Assert.Equal(StudyFixture.Steps + 1, result.Series.T.Count);
        Assert.Equal(StudyFixture.Steps + 1, result.Series.InventoryStd.Count);
        Assert.Equal(100 + 20 * 1.0, result.Series.MidMean[^1], 9);
        var sample = result.Sample!;
        Assert.Equal(fixture.SampleMids["uptrend"], sample.Mid);
        Assert.True(double.IsNaN(sample.Bid[^1]) && double.IsNaN(sample.Ask[^1]) && double.IsNaN(sample.Reservation[^1]),
            "the close has no quotes");
        Assert.True(sample.Bid.Take(StudyFixture.Steps).All(double.IsFinite));
        // Common random numbers: the sample mid is the same in every γ cell of a regime.
        Assert.Equal(sample.Mid, data.Cell("uptrend", 0.01)!.Result!.Sample!.Mid);
    }

    [Fact]
    public void Reader_takes_the_setup_from_the_first_completed_cell()
    {
        using var fixture = StudyFixture.Create(failed: new Dictionary<(string, double), string> { [("calm", 0.01)] = "boom" });

        var setup = StudyReader.Read(fixture.Dir).Setup!;

        Assert.Equal("calm/gamma_0.1", setup.SourceCell);
        Assert.Equal((StudyFixture.Paths, StudyFixture.Steps, StudyFixture.Dt, 1.0, StudyFixture.Seed),
                     (setup.Paths, setup.Steps, setup.Dt, setup.Horizon, setup.Seed));
        Assert.Equal(("reference", "avellaneda-stoikov", "binomial", "linear"), (setup.Engine, setup.Strategy, setup.PriceModel, setup.FillProbability));
        Assert.Equal((100.0, 140.0, 1.5), (setup.S0, setup.A, setup.K));
        Assert.Equal([1, 5], setup.MarkoutHorizons);
    }

    [Fact]
    public void Failed_cells_and_cells_without_a_summary_are_read_as_failed_without_results()
    {
        using var fixture = StudyFixture.Create(
            failed: new Dictionary<(string, double), string> { [("turbulent", 0.5)] = "actor 'market-maker' threw at step 3" },
            unfinished: [("downtrend", 0.01)]);

        var data = StudyReader.Read(fixture.Dir);

        var failed = data.Cell("turbulent", 0.5)!;
        Assert.Equal((CellStatus.Failed, "actor 'market-maker' threw at step 3"), (failed.Status, failed.Error));
        Assert.Null(failed.Result);
        var unfinished = data.Cell("downtrend", 0.01)!;
        Assert.Equal(CellStatus.Failed, unfinished.Status);
        Assert.Contains("summary.json", unfinished.Error);
        Assert.Equal([failed, unfinished], data.FailedCells);
        Assert.Equal([0.01, 0.1], data.CompletedCells("turbulent").Select(c => c.Gamma));
    }

    [Fact]
    public void A_missing_study_json_is_an_error_naming_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("mmsandbox-empty-").FullName;
        try
        {
            var e = Assert.Throws<StudyFileException>(() => StudyReader.Read(dir));
            Assert.Equal(Path.Combine(dir, "study.json"), e.FilePath);
            Assert.Contains("study.json", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_study_json_without_cells_is_an_error_naming_the_key()
    {
        using var fixture = StudyFixture.Create();
        File.WriteAllText(Path.Combine(fixture.Dir, "study.json"), """{ "regimes": [ { "name": "calm", "mu": 0, "sigma": 2 } ], "gammas": [0.1] }""");

        var e = Assert.Throws<StudyFileException>(() => StudyReader.Read(fixture.Dir));

        Assert.EndsWith("study.json", e.FilePath);
        Assert.Contains("cells", e.Message);
    }

    [Fact]
    public void A_missing_series_csv_of_a_completed_cell_is_an_error_naming_the_file()
    {
        using var fixture = StudyFixture.Create();
        var series = Path.Combine(fixture.Dir, "calm", "gamma_0.1", "series.csv");
        File.Delete(series);

        var e = Assert.Throws<StudyFileException>(() => StudyReader.Read(fixture.Dir));

        Assert.Equal(series, e.FilePath);
        Assert.StartsWith(series, e.Message);
    }

    [Fact]
    public void A_field_that_is_not_a_number_is_an_error_naming_the_file_line_and_column()
    {
        using var fixture = StudyFixture.Create();
        var series = Path.Combine(fixture.Dir, "uptrend", "gamma_0.5", "series.csv");
        var lines = File.ReadAllLines(series);
        lines[3] = lines[3].Replace(lines[3].Split(',')[6], "oops", StringComparison.Ordinal);
        File.WriteAllLines(series, lines);

        var e = Assert.Throws<StudyFileException>(() => StudyReader.Read(fixture.Dir));

        Assert.Equal(series, e.FilePath);
        Assert.Contains("line 4", e.Message);
        Assert.Contains("'pnl_mean'", e.Message);
    }

    [Fact]
    public void A_series_csv_without_a_needed_column_is_an_error_naming_the_column()
    {
        using var fixture = StudyFixture.Create();
        var series = Path.Combine(fixture.Dir, "calm", "gamma_0.01", "series.csv");
        File.WriteAllText(series, File.ReadAllText(series).Replace("inventory_std", "inv_sd", StringComparison.Ordinal));

        var e = Assert.Throws<StudyFileException>(() => StudyReader.Read(fixture.Dir));

        Assert.Equal(series, e.FilePath);
        Assert.Contains("'inventory_std'", e.Message);
    }

    [Fact]
    public void A_summary_without_a_needed_kpi_is_an_error_naming_the_file_and_key()
    {
        using var fixture = StudyFixture.Create();
        var summary = Path.Combine(fixture.Dir, "downtrend", "gamma_0.1", "summary.json");
        File.WriteAllText(summary, File.ReadAllText(summary).Replace("\"inventory_std\"", "\"inventory_sd\"", StringComparison.Ordinal));

        var e = Assert.Throws<StudyFileException>(() => StudyReader.Read(fixture.Dir));

        Assert.Equal(summary, e.FilePath);
        Assert.Contains("inventory_std", e.Message);
    }

    [Fact]
    public void A_null_kpi_reads_as_NaN()
    {
        using var fixture = StudyFixture.Create();
        var summary = Path.Combine(fixture.Dir, "calm", "gamma_0.5", "summary.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(summary))!;
        json["pnl_sharpe"] = null;
        File.WriteAllText(summary, json.ToJsonString());

        var s = StudyReader.ReadSummary(summary);

        Assert.True(double.IsNaN(s.PnlSharpe));
    }

    [Fact]
    public void Without_a_markout_at_the_adverse_horizon_the_largest_measured_horizon_is_used()
    {
        using var fixture = StudyFixture.Create();
        var summary = Path.Combine(fixture.Dir, "calm", "gamma_0.5", "summary.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(summary))!;
        json["adverse_horizon_steps"] = 10;
        File.WriteAllText(summary, json.ToJsonString());

        var s = StudyReader.ReadSummary(summary);

        Assert.Equal(StudyFixture.AdverseHorizon, s.MarkoutAtHorizon!.Horizon);
    }

    [Fact]
    public void A_summary_whose_gamma_disagrees_with_study_json_is_an_error()
    {
        using var fixture = StudyFixture.Create();
        var summary = Path.Combine(fixture.Dir, "calm", "gamma_0.5", "summary.json");
        File.WriteAllText(summary, File.ReadAllText(summary).Replace("\"gamma\": 0.5", "\"gamma\": 0.3", StringComparison.Ordinal));

        var e = Assert.Throws<StudyFileException>(() => StudyReader.Read(fixture.Dir));

        Assert.Equal(summary, e.FilePath);
        Assert.Contains("0.3", e.Message);
    }
}

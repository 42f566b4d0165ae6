using MmSandbox.Core.Config;
using MmSandbox.Runner.Study;

namespace MmSandbox.Runner.Tests;

public sealed class StudyPlanLoaderTests
{
    [Fact]
    public void The_default_study_is_four_regimes_in_panel_order_times_five_gammas()
    {
        var plan = StudyPlanLoader.Load(TempFolder.RepositoryConfig);

        Assert.Equal(["calm", "turbulent", "uptrend", "downtrend"], plan.Regimes.Select(r => r.Name));
        Assert.Equal([0.001, 0.01, 0.05, 0.1, 0.3], plan.Gammas);
        Assert.Equal(20, plan.Cells.Count);
        // The regimes of the original study: (μ, σ) = calm (0, 2), turbulent (0, 10), uptrend (+10, 2), downtrend (−10, 2).
        Assert.Equal([(0.0, 2.0), (0.0, 10.0), (10.0, 2.0), (-10.0, 2.0)], plan.Regimes.Select(r => (r.Mu, r.Sigma)));
        Assert.All(plan.Cells, c => Assert.Equal(c.Gamma, c.Config.MarketMaker.Gamma));
        Assert.All(plan.Cells, c => Assert.Equal(c.Regime.Sigma, c.Config.Market.Sigma));
        Assert.Equal("turbulent/gamma_0.001", plan.Cells.Single(c => c.Regime.Name == "turbulent" && c.Gamma == 0.001).RelativePath);
    }

    [Fact]
    public void Every_cell_keeps_the_base_configs_other_fields()
    {
        var plan = StudyPlanLoader.Load(TempFolder.RepositoryConfig);
        Assert.All(plan.Cells, c =>
        {
            Assert.Equal(140, c.Config.OrderFlow.A);
            Assert.Equal(1.5, c.Config.OrderFlow.K);
            Assert.Equal(100, c.Config.Market.S0);
            Assert.Equal(42UL, c.Config.Seed);
        });
    }

    [Fact]
    public void Adding_a_regime_is_adding_a_file_and_it_follows_the_listed_regimes()
    {
        using var temp = new TempFolder();
        var config = temp.CopyOfRepositoryConfig();
        File.WriteAllText(Path.Combine(config, "regimes", "crash.yaml"), "base: ../base.yaml\nmarket:\n  mu: -40\n  sigma: 6\n");

        var plan = StudyPlanLoader.Load(config);

        Assert.Equal(["calm", "turbulent", "uptrend", "downtrend", "crash"], plan.Regimes.Select(r => r.Name));
        Assert.Equal((-40.0, 6.0), (plan.Regimes[^1].Mu, plan.Regimes[^1].Sigma));
        Assert.Equal(25, plan.Cells.Count);
    }

    [Fact]
    public void Gammas_only_and_sets_narrow_and_change_the_study()
    {
        var plan = StudyPlanLoader.Load(TempFolder.RepositoryConfig,
            new StudyOptions(Gammas: [0.01, 0.1], Only: ["turbulent", "calm"], Sets: ["paths=50", "market_maker.gamma=7"]));

        Assert.Equal(["calm", "turbulent"], plan.Regimes.Select(r => r.Name));   // the study's order, not --only's
        Assert.Equal([0.01, 0.1], plan.Gammas);
        Assert.All(plan.Cells, c => Assert.Equal(50, c.Config.Paths));
        Assert.Equal([0.01, 0.1, 0.01, 0.1], plan.Cells.Select(c => c.Config.MarketMaker.Gamma));   // the grid wins over --set
    }

    [Fact]
    public void An_unknown_regime_a_bad_gamma_and_a_bad_regime_file_are_all_reported()
    {
        using var temp = new TempFolder();
        var config = temp.CopyOfRepositoryConfig();
        File.WriteAllText(Path.Combine(config, "regimes", "uptrend.yaml"), "base: ../base.yaml\nmarket:\n  sigma: -3\n");

        var e = Assert.Throws<ConfigException>(() =>
            StudyPlanLoader.Load(config, new StudyOptions(Gammas: [0.1, -1], Only: ["calm", "uptrend", "sideways"])));

        Assert.Contains(e.Errors, x => x.Path == "--only" && x.Message.Contains("'sideways'"));
        Assert.Contains(e.Errors, x => x.Path == "--gammas[1]");
        var sigma = Assert.Single(e.Errors, x => x.Path == "market.sigma");
        Assert.EndsWith("uptrend.yaml", sigma.File);
        Assert.Equal(new SourceLocation(3, 10), sigma.Location);
    }

    [Theory]
    [InlineData("0.01,0.1", new[] { 0.01, 0.1 })]
    [InlineData(" 0.3 ", new[] { 0.3 })]
    public void Gamma_lists_parse_from_the_command_line(string text, double[] expected) =>
        Assert.Equal(expected, StudyPlanLoader.ParseGammas(text));

    [Fact]
    public void A_gamma_list_that_is_not_numbers_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => StudyPlanLoader.ParseGammas("0.1,high"));
        Assert.Equal("--gammas", Assert.Single(e.Errors).Path);
    }
}

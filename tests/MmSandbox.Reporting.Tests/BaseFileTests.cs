using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests;

public sealed class BaseFileTests
{
    [Fact]
    public void A_file_is_merged_over_its_base_section_by_section()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("common"));
        File.WriteAllText(folder.File("common/base.yaml"), "paths: 10\nmarket:\n  s0: 50\n  sigma: 3\nmetrics:\n  markout_horizons: [1, 2, 3]\n");
        File.WriteAllText(folder.File("run.yaml"), "base: common/base.yaml\nmarket:\n  sigma: 1\nmetrics:\n  markout_horizons: [4]\n");

        var config = ConfigLoader.Load(folder.File("run.yaml"));

        Assert.Equal(10, config.Paths);
        Assert.Equal(50, config.Market.S0);
        Assert.Equal(1, config.Market.Sigma);
        Assert.Equal([4], config.Metrics.MarkoutHorizons);
        Assert.Equal(SimulationConfig.Paper.Market.Mu, config.Market.Mu);
    }

    [Fact]
    public void An_empty_section_in_a_file_keeps_the_section_of_its_base()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("base.yaml"), "market:\n  s0: 50\n");

        var config = ConfigLoader.LoadText("base: base.yaml\nmarket:\n", "run.yaml", baseDirectory: folder.Path);

        Assert.Equal(50, config.Market.S0);
    }

    [Fact]
    public void A_null_in_a_file_replaces_a_value_of_its_base()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("base.yaml"), "market_maker:\n  max_inventory: 4\n");

        var config = ConfigLoader.LoadText("base: base.yaml\nmarket_maker:\n  max_inventory: ~\n", "run.yaml", baseDirectory: folder.Path);

        Assert.Null(config.MarketMaker.MaxInventory);
    }

    [Fact]
    public void Bases_chain_with_each_path_relative_to_its_own_file()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("a"));
        Directory.CreateDirectory(folder.File("a/b"));
        File.WriteAllText(folder.File("a/b/root.yaml"), "seed: 1\npaths: 2\ndt: 0.01\n");
        File.WriteAllText(folder.File("a/middle.yaml"), "base: b/root.yaml\npaths: 3\n");
        File.WriteAllText(folder.File("top.yaml"), "base: a/middle.yaml\nseed: 4\n");

        var config = ConfigLoader.Load(folder.File("top.yaml"));

        Assert.Equal((4UL, 3, 0.01), (config.Seed, config.Paths, config.Dt));
    }

    [Fact]
    public void Errors_in_a_base_file_carry_the_base_files_name_and_line()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("base.yaml"), "seed: 1\npaths: lots\n");
        var run = folder.File("run.yaml");
        File.WriteAllText(run, "base: base.yaml\nmarket_maker:\n  gamma: -1\n");

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Load(run)).Errors;

        Assert.Collection(errors,
            e =>
            {
                Assert.Equal(("paths", folder.File("base.yaml"), new SourceLocation(2, 8)), (e.Path, e.File, e.Location));
            },
            e =>
            {
                Assert.Equal(("market_maker.gamma", run, new SourceLocation(3, 10)), (e.Path, e.File, e.Location));
            });
    }

    [Fact]
    public void A_cycle_of_base_files_is_an_error_at_the_base_key_that_closes_it()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("a.yaml"), "base: b.yaml\n");
        File.WriteAllText(folder.File("b.yaml"), "paths: 5\nbase: a.yaml\n");

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(folder.File("a.yaml"))).Errors);

        Assert.Equal("base", error.Path);
        Assert.Equal(folder.File("b.yaml"), error.File);
        Assert.Equal(new SourceLocation(2, 7), error.Location);
        Assert.Equal("base files form a cycle: a.yaml → b.yaml → a.yaml", error.Message);
    }

    [Fact]
    public void A_missing_base_file_is_an_error_at_the_base_key()
    {
        using var folder = new TempFolder();

        var error = Assert.Single(Assert.Throws<ConfigException>(
            () => ConfigLoader.LoadText("paths: 3\nbase: nowhere.yaml\n", "run.yaml", baseDirectory: folder.Path)).Errors);

        Assert.Equal(("base", "run.yaml", new SourceLocation(2, 7)), (error.Path, error.File, error.Location));
    }

    [Fact]
    public void The_base_key_is_not_part_of_the_resolved_configuration()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("base.yaml"), "paths: 9\n");

        var config = ConfigLoader.LoadText("base: base.yaml\n", "run.yaml", baseDirectory: folder.Path);

        Assert.DoesNotContain("base", ConfigWriter.ToYaml(config), StringComparison.Ordinal);
        Assert.Equal(9, config.Paths);
    }

    [Fact]
    public void A_base_key_below_the_top_level_is_an_unknown_key()
    {
        var error = Assert.Single(Assert.Throws<ConfigException>(
            () => ConfigLoader.LoadText("market:\n  base: x.yaml\n", "run.yaml")).Errors);

        Assert.Equal("market.base", error.Path);
    }
}

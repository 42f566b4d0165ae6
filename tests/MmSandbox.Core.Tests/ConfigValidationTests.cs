using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Tests;

public sealed class ConfigValidationTests
{
    private static readonly SimulationConfig Paper = SimulationConfig.Paper;

    [Fact]
    public void The_paper_configuration_is_valid()
    {
        Assert.Empty(Paper.Validate());
        Assert.Equal(200, Paper.Steps);   // T / dt = 1 / 0.005
    }

    [Theory]
    [InlineData("paths 0", "paths")]
    [InlineData("dt 0", "dt")]
    [InlineData("dt NaN", "dt")]
    [InlineData("horizon 0", "horizon")]
    [InlineData("horizon not a multiple of dt", "horizon")]
    [InlineData("s0 NaN", "market.s0")]
    [InlineData("mu infinite", "market.mu")]
    [InlineData("sigma -1", "market.sigma")]
    [InlineData("A 0", "order_flow.A")]
    [InlineData("A -1", "order_flow.A")]
    [InlineData("k 0", "order_flow.k")]
    [InlineData("k -1.5", "order_flow.k")]
    [InlineData("order size 0", "order_flow.order_size")]
    [InlineData("fee -1", "order_flow.fee_bps")]
    [InlineData("gamma 0", "market_maker.gamma")]
    [InlineData("gamma NaN", "market_maker.gamma")]
    [InlineData("max inventory -1", "market_maker.max_inventory")]
    [InlineData("markout horizon = steps", "metrics.markout_horizons[1]")]
    [InlineData("markout horizon 0", "metrics.markout_horizons[0]")]
    [InlineData("var level 1", "metrics.var_levels[1]")]
    [InlineData("var level 0", "metrics.var_levels[0]")]
    [InlineData("record paths -1", "output.record_paths")]
    [InlineData("lane size 0", "engine.lane_size")]
    public void Each_broken_rule_is_reported_once_with_its_field_path(string mistake, string path)
    {
        var errors = Break(Paper, mistake).Validate();
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Three_mistakes_give_three_errors_each_with_its_path()
    {
        var config = Break(Break(Break(Paper, "paths 0"), "gamma 0"), "lane size 0");
        var errors = config.Validate();
        Assert.Equal(["paths", "market_maker.gamma", "engine.lane_size"], errors.Select(e => e.Path).ToArray());
    }

    [Fact]
    public void EnsureValid_throws_with_every_error_and_the_model_refuses_an_invalid_config()
    {
        var config = Break(Break(Paper, "sigma -1"), "k 0");
        var exception = Assert.Throws<ConfigException>(() => config.EnsureValid());
        Assert.Equal(["market.sigma", "order_flow.k"], exception.Errors.Select(e => e.Path).ToArray());
        Assert.Throws<ConfigException>(() => new ModelParameters(config));
        Assert.Same(Paper, Paper.EnsureValid());
    }

    [Fact]
    public void The_horizon_message_names_dt_and_the_ratio()
    {
        var error = Assert.Single(Break(Paper, "horizon not a multiple of dt").Validate());
        Assert.Contains("0.003", error.Message);
        Assert.Contains("333.33", error.Message);
    }

    private static SimulationConfig Break(SimulationConfig c, string mistake) => mistake switch
    {
        "paths 0" => c with { Paths = 0 },
        "dt 0" => c with { Dt = 0 },
        "dt NaN" => c with { Dt = double.NaN },
        "horizon 0" => c with { Horizon = 0 },
        "horizon not a multiple of dt" => c with { Horizon = 1.0, Dt = 0.003 },   // 1 / 0.003 = 333.33…
        "s0 NaN" => c with { Market = c.Market with { S0 = double.NaN } },
        "mu infinite" => c with { Market = c.Market with { Mu = double.PositiveInfinity } },
        "sigma -1" => c with { Market = c.Market with { Sigma = -1 } },
        "A 0" => c with { OrderFlow = c.OrderFlow with { A = 0 } },
        "A -1" => c with { OrderFlow = c.OrderFlow with { A = -1 } },
        "k 0" => c with { OrderFlow = c.OrderFlow with { K = 0 } },
        "k -1.5" => c with { OrderFlow = c.OrderFlow with { K = -1.5 } },
        "order size 0" => c with { OrderFlow = c.OrderFlow with { OrderSize = 0 } },
        "fee -1" => c with { OrderFlow = c.OrderFlow with { FeeBps = -1 } },
        "gamma 0" => c with { MarketMaker = c.MarketMaker with { Gamma = 0 } },
        "gamma NaN" => c with { MarketMaker = c.MarketMaker with { Gamma = double.NaN } },
        "max inventory -1" => c with { MarketMaker = c.MarketMaker with { MaxInventory = -1 } },
        // The paper has N = 200 steps: a markout 200 steps after a fill is past the close.
        "markout horizon = steps" => c with { Metrics = c.Metrics with { MarkoutHorizons = [1, 200] } },
        "markout horizon 0" => c with { Metrics = c.Metrics with { MarkoutHorizons = [0, 5] } },
        "var level 1" => c with { Metrics = c.Metrics with { VarLevels = [0.95, 1.0] } },
        "var level 0" => c with { Metrics = c.Metrics with { VarLevels = [0.0, 0.99] } },
        "record paths -1" => c with { Output = c.Output with { RecordPaths = -1 } },
        "lane size 0" => c with { Engine = c.Engine with { LaneSize = 0 } },
        _ => throw new ArgumentOutOfRangeException(nameof(mistake), mistake, "no such mistake"),
    };
}

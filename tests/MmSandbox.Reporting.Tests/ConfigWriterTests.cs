using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests;

public sealed class ConfigWriterTests
{
    [Fact]
    public void The_paper_configuration_is_written_in_key_order_with_every_field()
    {
        // Written by hand from SimulationConfig.Paper and the documented key order.
        const string expected = """
            seed: 42
            paths: 1000
            horizon: 1
            dt: 0.005
            market:
              s0: 100
              mu: 0
              sigma: 2
              price_model: binomial
            order_flow:
              A: 140
              k: 1.5
              fill_probability: linear
              order_size: 1
              fee_bps: 0
              fills_per_step: independent
            market_maker:
              strategy: avellaneda-stoikov
              gamma: 0.1
              max_inventory: null
              sigma: null
              k: null
              quote_mid: current
            metrics:
              markout_horizons: [1, 5, 10]
              adverse_horizon_steps: 10
              var_horizon_steps: 10
              var_levels: [0.95, 0.99]
            output:
              record_paths: 100
            engine:
              kind: actors
              lane_size: 4096
              lanes_in_flight: 4
              pipelines: 2
              watchdog_seconds: 60

            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), ConfigWriter.ToYaml(SimulationConfig.Paper));
    }

    [Fact]
    public void A_written_configuration_loads_back_equal_in_every_field()
    {
        var config = new SimulationConfig(
            Seed: ulong.MaxValue, Paths: 7, Horizon: 0.3, Dt: 0.1,
            Market: new MarketConfig(S0: 0.1 + 0.2, Mu: -1e-7, Sigma: 1.0 / 3, PriceModel: PriceModel.Gaussian),
            OrderFlow: new OrderFlowConfig(A: 123456789.123456789, K: 2.5e10, FillProbability.Poisson, OrderSize: 0.25, FeeBps: 1e-300, FillsPerStep.One),
            MarketMaker: new MarketMakerConfig(Strategy.Symmetric, Gamma: Math.PI, MaxInventory: 3, Sigma: null, K: Math.E, QuoteMid.Previous),
            Metrics: new MetricsConfig([1, 2], AdverseHorizonSteps: 1, VarHorizonSteps: 2, VarLevels: [0.9, 0.975]),
            Output: new OutputConfig(0),
            Engine: new EngineConfig(EngineKind.Reference, LaneSize: 3, LanesInFlight: 2, WatchdogSeconds: 2.5, Pipelines: 1));

        var loaded = ConfigLoader.LoadText(ConfigWriter.ToYaml(config), "config_used.yaml");

        ConfigAssert.Equal(config, loaded);
    }

    [Fact]
    public void Numbers_are_written_in_shortest_round_trip_form()
    {
        var config = SimulationConfig.Paper with { Market = SimulationConfig.Paper.Market with { S0 = 0.1 + 0.2 } };

        // 0.1 + 0.2 is 0.30000000000000004, the shortest text that reads back as that double.
        Assert.Contains("\n  s0: 0.30000000000000004\n", ConfigWriter.ToYaml(config), StringComparison.Ordinal);
    }
}

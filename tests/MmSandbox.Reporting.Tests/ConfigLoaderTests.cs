using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests;

public sealed class ConfigLoaderTests
{
    private const string File = "test.yaml";

    private static SimulationConfig Load(string yaml, params string[] sets) => ConfigLoader.LoadText(yaml, File, sets);

    private static IReadOnlyList<ConfigError> Errors(string yaml, params string[] sets) =>
        Assert.Throws<ConfigException>(() => Load(yaml, sets)).Errors;

    private static ConfigError SingleError(string yaml, params string[] sets)
    {
        var errors = Errors(yaml, sets);
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", errors));
        return errors[0];
    }

    private static void AssertAt(ConfigError error, string path, int line, int column, string fragment)
    {
        Assert.Equal(path, error.Path);
        Assert.Equal(File, error.File);
        Assert.Equal(new SourceLocation(line, column), error.Location);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_file_sets_every_field_to_the_value_written()
    {
        const string yaml = """
            seed: 18446744073709551615
            paths: 250
            horizon: 2
            dt: 0.01
            market:
              s0: 50.5
              mu: -0.25
              sigma: 3
              price_model: gaussian
            order_flow:
              A: 120
              k: 2.5
              fill_probability: poisson
              order_size: 2
              fee_bps: 0.5
              fills_per_step: one
            market_maker:
              strategy: symmetric
              gamma: 0.02
              max_inventory: 7
              sigma: 1.5
              k: 1e0
              quote_mid: previous
            metrics:
              markout_horizons: [2, 4]
              adverse_horizon_steps: 3
              var_horizon_steps: 6
              var_levels:
                - 0.9
                - 0.975
            output:
              record_paths: 12
            engine:
              kind: reference
              lane_size: 64
              lanes_in_flight: 8
            """;

        var expected = new SimulationConfig(
            Seed: ulong.MaxValue, Paths: 250, Horizon: 2, Dt: 0.01,
            Market: new MarketConfig(50.5, -0.25, 3, PriceModel.Gaussian),
            OrderFlow: new OrderFlowConfig(120, 2.5, FillProbability.Poisson, 2, 0.5, FillsPerStep.One),
            MarketMaker: new MarketMakerConfig(Strategy.Symmetric, 0.02, 7, 1.5, 1, QuoteMid.Previous),
            Metrics: new MetricsConfig([2, 4], 3, 6, [0.9, 0.975]),
            Output: new OutputConfig(12),
            Engine: new EngineConfig(EngineKind.Reference, 64, 8, 60, 2));
        ConfigAssert.Equal(expected, Load(yaml));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing set yet\n")]
    [InlineData("---\n")]
    public void An_empty_file_is_the_paper_configuration(string yaml) =>
        ConfigAssert.Equal(SimulationConfig.Paper, Load(yaml));

    [Fact]
    public void Fields_that_are_not_written_keep_the_paper_values()
    {
        var config = Load("paths: 10\nmarket_maker:\n  gamma: 0.5\n");

        var paper = SimulationConfig.Paper;
        ConfigAssert.Equal(paper with { Paths = 10, MarketMaker = paper.MarketMaker with { Gamma = 0.5 } }, config);
    }

    [Fact]
    public void An_empty_section_keeps_the_paper_values_of_that_section()
    {
        ConfigAssert.Equal(SimulationConfig.Paper, Load("market:\nengine: {}\n"));
    }

    [Fact]
    public void Optional_maker_fields_may_be_null_or_a_number()
    {
        var config = Load("market_maker:\n  max_inventory: 5\n  sigma: ~\n  k: null\n");

        Assert.Equal(5, config.MarketMaker.MaxInventory);
        Assert.Null(config.MarketMaker.Sigma);
        Assert.Null(config.MarketMaker.K);
    }

    [Fact]
    public void Integers_are_accepted_for_numbers_and_exponents_are_read_invariantly()
    {
        var config = Load("horizon: 2\ndt: 5e-3\nmarket:\n  mu: -.5\n");

        Assert.Equal(2.0, config.Horizon);
        Assert.Equal(0.005, config.Dt);
        Assert.Equal(-0.5, config.Market.Mu);
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_the_parsers_line_and_column()
    {
        // The unterminated quote opens on line 2, column 7.
        var error = SingleError("market:\n  s0: \"100\n");

        AssertAt(error, "(yaml)", 2, 7, "malformed YAML");
    }

    [Fact]
    public void A_duplicate_key_is_reported_at_its_second_occurrence()
    {
        var error = SingleError("paths: 10\nseed: 1\npaths: 20\n");

        AssertAt(error, "paths", 3, 1, "duplicate key 'paths' (first at line 1, column 1)");
    }

    [Fact]
    public void Unknown_key_is_reported_with_its_line_and_column_and_a_suggestion()
    {
        var error = SingleError("market_maker:\n  gama: 0.2\n");

        AssertAt(error, "market_maker.gama", 2, 3, "did you mean 'gamma'?");
    }

    [Fact]
    public void An_unknown_key_like_no_other_lists_the_allowed_keys()
    {
        var error = SingleError("market:\n  volatility_model: 1\n");

        AssertAt(error, "market.volatility_model", 2, 3, "allowed keys in market: s0, mu, sigma, price_model");
    }

    [Fact]
    public void A_key_in_the_wrong_case_is_suggested_in_the_right_one()
    {
        var error = SingleError("order_flow:\n  a: 100\n");

        AssertAt(error, "order_flow.a", 2, 3, "did you mean 'A'?");
    }

    [Fact]
    public void A_list_where_a_number_is_expected_is_reported_at_the_list()
    {
        var error = SingleError("horizon: [1]\n");

        AssertAt(error, "horizon", 1, 10, "not a list");
    }

    [Fact]
    public void A_mapping_where_a_number_is_expected_is_reported_at_the_mapping()
    {
        var error = SingleError("dt:\n  value: 0.1\n");

        AssertAt(error, "dt", 2, 3, "not a mapping");
    }

    [Fact]
    public void A_number_where_a_section_is_expected_is_reported_with_the_keys_of_the_section()
    {
        var error = SingleError("engine: 4\n");

        AssertAt(error, "engine", 1, 9, "must be a mapping with the keys kind, lane_size, lanes_in_flight");
    }

    [Theory]
    [InlineData("paths: many", "paths", "must be an integer")]
    [InlineData("paths: 1.5", "paths", "whole number")]
    [InlineData("paths: \"5\"", "paths", "not a quoted string")]
    [InlineData("paths: 3000000000", "paths", "must be an integer in [-2147483648, 2147483647]")]
    [InlineData("seed: -1", "seed", "must be an integer ≥ 0")]
    [InlineData("seed: 18446744073709551616", "seed", "must be an integer in [0, 18446744073709551615]")]
    [InlineData("horizon: soon", "horizon", "must be a finite number")]
    [InlineData("horizon: true", "horizon", "must be a finite number")]
    public void A_scalar_of_the_wrong_type_is_reported_with_its_value(string yaml, string path, string fragment)
    {
        var error = SingleError(yaml);

        AssertAt(error, path, 1, yaml.IndexOf(':', StringComparison.Ordinal) + 3, fragment);
        Assert.Equal(yaml[(yaml.IndexOf(':', StringComparison.Ordinal) + 2)..].Trim('"', '[', ']'), error.Value);
    }

    [Theory]
    [InlineData(".nan")]
    [InlineData(".inf")]
    [InlineData("-.inf")]
    [InlineData("+.INF")]
    [InlineData("1e400")]
    public void Non_finite_numbers_are_rejected_for_every_number(string spelling)
    {
        var errors = Errors($"dt: {spelling}\nmarket_maker:\n  sigma: {spelling}\nmetrics:\n  var_levels: [0.95, {spelling}]\n");

        Assert.Collection(errors,
            e => AssertAt(e, "dt", 1, 5, "must be a finite number"),
            e => AssertAt(e, "market_maker.sigma", 3, 10, "must be a finite number"),
            e => AssertAt(e, "metrics.var_levels[1]", 5, 22, "must be a finite number"));
    }

    [Fact]
    public void An_empty_string_is_reported_with_the_allowed_values()
    {
        var error = SingleError("market:\n  price_model: ''\n");

        AssertAt(error, "market.price_model", 2, 16, "must not be an empty string; expected one of binomial, gaussian");
    }

    [Theory]
    [InlineData("dt: ~\n", "dt", 1, 5)]
    [InlineData("dt:\n", "dt", 1, 4)]
    [InlineData("engine:\n  kind: null\n", "engine.kind", 2, 9)]
    [InlineData("metrics:\n  var_levels: ~\n", "metrics.var_levels", 2, 15)]
    public void Null_for_a_field_that_must_have_a_value_is_reported(string yaml, string path, int line, int column)
    {
        var error = SingleError(yaml);

        AssertAt(error, path, line, column, "null");
    }

    [Theory]
    [InlineData("market:\n  price_model: brownian\n", "market.price_model", "allowed: binomial, gaussian")]
    [InlineData("market_maker:\n  strategy: as\n", "market_maker.strategy", "allowed: avellaneda-stoikov, symmetric")]
    [InlineData("order_flow:\n  fill_probability: exp\n", "order_flow.fill_probability", "allowed: linear, poisson")]
    [InlineData("order_flow:\n  fills_per_step: two\n", "order_flow.fills_per_step", "allowed: independent, one")]
    [InlineData("market_maker:\n  quote_mid: next\n", "market_maker.quote_mid", "allowed: current, previous")]
    [InlineData("engine:\n  kind: akka\n", "engine.kind", "allowed: actors, reference")]
    public void An_unknown_enum_name_is_reported_with_the_allowed_names(string yaml, string path, string fragment)
    {
        var error = SingleError(yaml);

        Assert.Equal(path, error.Path);
        Assert.Equal(2, error.Location?.Line);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_item_of_the_wrong_type_is_reported_with_its_index()
    {
        var error = SingleError("metrics:\n  markout_horizons: [1, five, 10]\n");

        AssertAt(error, "metrics.markout_horizons[1]", 2, 25, "must be an integer");
        Assert.Equal("five", error.Value);
    }

    [Fact]
    public void A_rule_broken_by_a_written_value_is_reported_at_that_value()
    {
        var error = SingleError("market_maker:\n  gamma: -1\n");

        AssertAt(error, "market_maker.gamma", 2, 10, "> 0");
        Assert.Equal(-1.0, error.Value);
    }

    [Fact]
    public void A_rule_broken_by_a_list_item_is_reported_at_that_item()
    {
        var error = SingleError("metrics:\n  markout_horizons: [1, 5, 5]\n");

        AssertAt(error, "metrics.markout_horizons[2]", 2, 28, "listed twice");
    }

    [Fact]
    public void A_rule_broken_by_a_default_is_reported_at_the_section_that_holds_it()
    {
        // horizon / dt = 4 steps, so the default markout horizons 5 and 10 are too long; the metrics mapping starts at 2:3.
        var errors = Errors("horizon: 0.02\nmetrics:\n  adverse_horizon_steps: 1\n  var_horizon_steps: 1\n");

        Assert.Collection(errors,
            e => AssertAt(e, "metrics.markout_horizons[1]", 3, 3, "[1, 4)"),
            e => AssertAt(e, "metrics.markout_horizons[2]", 3, 3, "[1, 4)"));
    }

    [Fact]
    public void A_rule_broken_by_a_default_outside_any_written_section_has_no_location()
    {
        var error = SingleError("dt: 0.3\n");

        Assert.Equal("horizon", error.Path);
        Assert.Null(error.Location);
        Assert.Contains("whole multiple", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_that_failed_to_bind_gets_no_second_error_from_the_rules()
    {
        // With the default horizon 1 standing in for 'soon', horizon / dt = 3.33 would break the whole-multiple rule.
        var error = SingleError("horizon: soon\ndt: 0.3\n");

        AssertAt(error, "horizon", 1, 10, "must be a finite number");
    }

    [Fact]
    public void Three_mistakes_in_one_file_give_three_errors()
    {
        const string yaml = """
            paths: many
            market:
              sigma: -2
            engine:
              knd: actors
            """;

        var errors = Errors(yaml);

        Assert.Collection(errors,
            e => AssertAt(e, "paths", 1, 8, "must be an integer"),
            e => AssertAt(e, "engine.knd", 5, 3, "did you mean 'kind'?"),
            e => AssertAt(e, "market.sigma", 3, 10, "≥ 0"));
    }

    [Fact]
    public void A_second_document_is_an_error()
    {
        var error = SingleError("paths: 10\n---\npaths: 20\n");

        AssertAt(error, "(yaml)", 2, 1, "one YAML document");
    }

    [Fact]
    public void A_root_that_is_not_a_mapping_is_an_error()
    {
        var error = SingleError("- paths: 10\n");

        AssertAt(error, "(root)", 1, 1, "must be a mapping");
    }

    [Fact]
    public void A_set_overrides_a_number_in_the_file()
    {
        var config = Load("market_maker:\n  gamma: 0.5\n", "market_maker.gamma=0.01");

        Assert.Equal(0.01, config.MarketMaker.Gamma);
    }

    [Fact]
    public void A_set_replaces_a_whole_list()
    {
        var config = Load("", "metrics.markout_horizons=[1, 5]");

        Assert.Equal([1, 5], config.Metrics.MarkoutHorizons);
    }

    [Fact]
    public void A_set_to_null_clears_an_optional_field()
    {
        var config = Load("market_maker:\n  max_inventory: 3\n", "market_maker.max_inventory=null");

        Assert.Null(config.MarketMaker.MaxInventory);
    }

    [Fact]
    public void A_set_of_an_enum_and_of_a_top_level_field_both_apply()
    {
        var config = Load("", "engine.kind=reference", "seed=7");

        Assert.Equal(EngineKind.Reference, config.Engine.Kind);
        Assert.Equal(7UL, config.Seed);
    }

    [Fact]
    public void A_set_with_an_unknown_path_is_reported_with_that_path_and_a_suggestion()
    {
        var error = SingleError("", "market_maker.gama=0.1");

        Assert.Equal("market_maker.gama", error.Path);
        Assert.Equal(ConfigLoader.SetSource, error.File);
        Assert.Null(error.Location);
        Assert.Contains("did you mean 'market_maker.gamma'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_without_an_equals_sign_is_reported()
    {
        var error = SingleError("", "market_maker.gamma");

        Assert.Equal("market_maker.gamma", error.Path);
        Assert.Equal(ConfigLoader.SetSource, error.File);
        Assert.Contains("path=value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_value_of_the_wrong_type_gets_the_same_check_as_a_file_value()
    {
        var error = SingleError("", "paths=1.5");

        Assert.Equal("paths", error.Path);
        Assert.Equal(ConfigLoader.SetSource, error.File);
        Assert.Contains("must be an integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_broken_by_a_set_value_is_attributed_to_the_set()
    {
        var error = SingleError("market_maker:\n  gamma: 0.5\n", "market_maker.gamma=0");

        Assert.Equal("market_maker.gamma", error.Path);
        Assert.Equal(ConfigLoader.SetSource, error.File);
        Assert.Null(error.Location);
    }

    [Fact]
    public void Every_mistake_of_file_and_sets_is_collected()
    {
        var errors = Errors("paths: many\n", "nope", "seed=-3");

        Assert.Equal(["nope", "paths", "seed"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_reads_a_file_and_names_it_in_errors()
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.yaml");
        System.IO.File.WriteAllText(path, "paths: 5\ndt: oops\n");

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(path)).Errors);

        Assert.Equal(path, error.File);
        Assert.Equal(new SourceLocation(2, 5), error.Location);
    }

    [Fact]
    public void A_missing_file_is_a_config_error()
    {
        using var folder = new TempFolder();

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(folder.File("none.yaml"))).Errors);

        Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
    }
}

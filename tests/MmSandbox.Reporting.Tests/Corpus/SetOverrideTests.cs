using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests.Corpus;

/// <summary>Bad <c>--set path=value</c> overrides: each is one error, attributed to <c>--set</c>, with what is allowed.</summary>
public sealed class SetOverrideTests
{
    public static TheoryData<string, string, string> BadSets() => new()
    {
        // set, expected path, message fragment
        { "market_maker.gama=0.1", "market_maker.gama", "did you mean 'market_maker.gamma'?" },
        { "volatility=2", "volatility", "settings are the top-level fields (seed, paths, horizon, dt, market," },
        { "market.sigma.value=2", "market.sigma.value", "unknown setting 'market.sigma.value'; settings are" },
        { "base=other.yaml", "base", "unknown setting 'base'" },
        { "market_maker.gamma", "market_maker.gamma", "an override must have the form path=value" },
        { "", ConfigLoader.SetSource, "an override must have the form path=value" },
        { "=5", ConfigLoader.SetSource, "the path is empty" },
        { "metrics.markout_horizons[0]=3", "metrics.markout_horizons[0]", "list items cannot be set one by one" },
        { "paths=1.5", "paths", "must be an integer (a whole number without a decimal point or exponent)" },
        { "paths=lots", "paths", "must be an integer" },
        { "seed=-1", "seed", "must be an integer ≥ 0" },
        { "market.sigma='2'", "market.sigma", "not a quoted string" },
        { "market.sigma=.nan", "market.sigma", ".nan, .inf and -.inf are not allowed" },
        { "market_maker.gamma=", "market_maker.gamma", "must not be null" },
        { "market_maker.gamma=[0.1]", "market_maker.gamma", "not a list" },
        { "engine.kind=akka", "engine.kind", "allowed: actors, reference" },
        { "market=5", "market", "must be a mapping with the keys s0, mu, sigma, price_model" },
        { "market={sigma: -1}", "market.sigma", "must be a finite number ≥ 0" },
        { "market={volatility: 2}", "market.volatility", "allowed keys in market" },
        { "metrics.markout_horizons=5", "metrics.markout_horizons", "must be a list of integers, e.g. [1, 5, 10]" },
        { "metrics.markout_horizons=[1, 5", "metrics.markout_horizons", "malformed YAML" },
        { "metrics.markout_horizons=[1, five]", "metrics.markout_horizons[1]", "must be an integer" },
        { "metrics.markout_horizons=[]", "metrics.markout_horizons", "must list at least one horizon" },
        { "metrics.var_levels=[0.95, 95]", "metrics.var_levels[1]", "must be a number in (0, 1)" },
        { "metrics.var_levels=0.95", "metrics.var_levels", "must be a list of numbers" },
        { "market_maker.gamma=0", "market_maker.gamma", "must be a finite number > 0" },
    };

    [Theory]
    [MemberData(nameof(BadSets))]
    public void A_bad_set_is_one_error_attributed_to_the_set(string set, string path, string fragment)
    {
        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.LoadText("paths: 10\n", "run.yaml", [set])).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(ConfigLoader.SetSource, error.File);
        Assert.Null(error.Location);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{ConfigLoader.SetSource}: {path}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_sets_and_a_bad_file_are_reported_together()
    {
        string[] sets = ["market_maker.gama=0.1", "paths=1.5", "engine.kind=akka"];

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.LoadText("market:\n  sigma: -1\n", "run.yaml", sets)).Errors;

        Assert.Equal(
            ["engine.kind", "market.sigma", "market_maker.gama", "paths"],
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("run.yaml", errors.Single(e => e.Path == "market.sigma").File);
    }
}

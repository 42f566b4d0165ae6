using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Tests;

public sealed class PriceProcessTests
{
    private const int Paths = 10_000;
    private const int Steps = 20;   // 200,000 increments

    [Theory]
    // σ√dt = 2·√0.005 = 0.1414213562373095; μ·dt = 10·0.005 = 0.05 (the study's uptrend).
    [InlineData(0.0, 0.0)]
    [InlineData(10.0, 0.05)]
    [InlineData(-10.0, -0.05)]
    public void Binomial_moves_are_exactly_plus_or_minus_sigma_root_dt_plus_the_drift(double mu, double drift)
    {
        var m = new ModelParameters(SimulationConfig.Paper.WithMarket(mu, 2, PriceModel.Binomial));
        Assert.Equal(0.1414213562373095, m.Volatility, 1e-15);
        Assert.Equal(drift, m.Drift, 1e-15);
        // From a zero mid the move is the increment itself, with no rounding against a level.
        double up = m.Drift + m.Volatility, down = m.Drift - m.Volatility;
        foreach (var increment in Increments(m, start: 0.0))
            Assert.True(increment == up || increment == down, $"increment {increment:R}");
        // From the paper's mid, the move is the same up to the rounding of a price near 100.
        foreach (var increment in Increments(m, start: 100.0))
            Assert.True(Math.Abs(increment - up) < 1e-12 || Math.Abs(increment - down) < 1e-12, $"increment {increment:R}");
    }

    [Fact]
    public void Binomial_up_moves_have_frequency_one_half()
    {
        var m = new ModelParameters(SimulationConfig.Paper);
        var increments = Increments(m, start: 0.0);
        double share = increments.Count(x => x > 0) / (double)increments.Length;
        double se = 0.5 / Math.Sqrt(increments.Length);
        Assert.InRange(share, 0.5 - 4 * se, 0.5 + 4 * se);
    }

    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(10.0, 2.0)]
    [InlineData(0.0, 10.0)]
    public void Gaussian_increments_have_mean_mu_dt_and_standard_deviation_sigma_root_dt(double mu, double sigma)
    {
        var m = new ModelParameters(SimulationConfig.Paper.WithMarket(mu, sigma, PriceModel.Gaussian));
        var increments = Increments(m, start: 0.0);
        int n = increments.Length;
        double expectedMean = mu * 0.005, expectedStd = sigma * Math.Sqrt(0.005);
        double mean = increments.Average();
        double std = Math.Sqrt(increments.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        // SE(mean) = σ√dt/√n; SE(std) ≈ σ√dt/√(2n) for normal data.
        Assert.InRange(mean, expectedMean - 5 * expectedStd / Math.Sqrt(n), expectedMean + 5 * expectedStd / Math.Sqrt(n));
        Assert.InRange(std, expectedStd * (1 - 5 / Math.Sqrt(2.0 * n)), expectedStd * (1 + 5 / Math.Sqrt(2.0 * n)));
        // Not binomial: increments take many values.
        Assert.True(increments.Distinct().Count() > n / 2);
    }

    [Fact]
    public void Next_adds_the_drift_and_the_scaled_shock_to_the_mid()
    {
        var m = new ModelParameters(SimulationConfig.Paper.WithMarket(10, 2, PriceModel.Gaussian));
        // 100 + 0.05 + 0.1414213562·1.5 = 100.2621320343.
        Assert.Equal(100.26213203435596, PriceProcess.Next(m, 100, 1.5), 1e-12);
    }

    [Fact]
    public void The_binomial_shock_is_plus_or_minus_one_and_depends_only_on_key_and_step()
    {
        ulong key = StreamKey.For(42, 3, Purpose.Price);
        for (int step = 0; step < 1000; step++)
        {
            double shock = PriceProcess.Shock(PriceModel.Binomial, key, step);
            Assert.True(shock is 1.0 or -1.0);
            Assert.Equal(shock, PriceProcess.Shock(PriceModel.Binomial, key, step));
            // Up exactly when the step's uniform is below one half.
            Assert.Equal(CounterRng.Uniform(key, (ulong)step) < 0.5, shock > 0);
        }
    }

    private static double[] Increments(ModelParameters m, double start)
    {
        var keys = new LaneKeys(m.Seed, 0, Paths);
        var mid = Enumerable.Repeat(start, Paths).ToArray();
        var next = new double[Paths];
        var increments = new double[Paths * Steps];
        for (int step = 0; step < Steps; step++)
        {
            // Each step starts again from the same level, so every increment is measured from it.
            PriceProcess.Advance(m, step, keys.Price, mid, next);
            for (int i = 0; i < Paths; i++) increments[step * Paths + i] = next[i] - mid[i];
        }
        return increments;
    }
}

using System.Runtime.Intrinsics;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Tests;

public sealed class DeterministicMathTests
{
    // Two units in the last place near 1 (ulp(1) = 2.2·10⁻¹⁶): the budget for a 13-term Horner
    // polynomial against a libm exp that is itself within half an ulp.
    private const double RelativeTolerance = 4e-16;

    private static double RelativeError(double x) => Math.Abs(DeterministicMath.Exp(x) - Math.Exp(x)) / Math.Exp(x);

    [Fact]
    public void Exp_is_within_4e_16_relative_of_Math_Exp_on_a_grid_from_minus_700_to_700()
    {
        double worst = 0, worstAt = 0;
        for (int i = -70_000; i <= 70_000; i++)
        {
            double x = i / 100.0;
            double error = RelativeError(x);
            if (error > worst) (worst, worstAt) = (error, x);
        }
        Assert.True(worst < RelativeTolerance, $"relative error {worst:E3} at x = {worstAt:R}");
    }

    [Fact]
    public void Exp_is_within_4e_16_relative_of_Math_Exp_on_random_points_from_minus_50_to_5()
    {
        var random = new TestRandom(2008);
        double worst = 0, worstAt = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double x = random.NextDouble(-50, 5);
            double error = RelativeError(x);
            if (error > worst) (worst, worstAt) = (error, x);
        }
        Assert.True(worst < RelativeTolerance, $"relative error {worst:E3} at x = {worstAt:R}");
    }

    [Fact]
    public void Exp_of_zero_is_exactly_one() => Assert.Equal(1.0, DeterministicMath.Exp(0.0));

    [Theory]
    // e^(n·ln 2) = 2^n: the scaling by 2^n must land on the right exponent.
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(10)]
    [InlineData(-1000)]
    [InlineData(1000)]
    public void Exp_of_a_multiple_of_ln2_is_the_power_of_two(int n)
    {
        double expected = Math.ScaleB(1.0, n);
        Assert.True(Math.Abs(DeterministicMath.Exp(n * Math.Log(2)) - expected) / expected < 1e-12);
    }

    [Fact]
    public void Exp_is_monotone_on_a_fine_grid()
    {
        double previous = DeterministicMath.Exp(-20);
        for (int i = 1; i <= 400_000; i++)
        {
            double next = DeterministicMath.Exp(-20 + i * 1e-4);
            Assert.True(next >= previous);
            previous = next;
        }
    }

    [Theory]
    [InlineData(-50.0, 5.0)]        // the range the fill model uses
    [InlineData(-720.0, 720.0)]     // the whole domain, clamped ends included
    public void Vector_Exp_gives_bitwise_the_scalar_result_element_by_element(double from, double to)
    {
        var random = new TestRandom(256);
        const int n = 100_000;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = random.NextDouble(from, to);
        x[0] = 0; x[1] = -0.0; x[2] = from; x[3] = to;
        for (int i = 0; i + 4 <= n; i += 4)
        {
            var v = DeterministicMath.Exp(Vector256.Create(x[i], x[i + 1], x[i + 2], x[i + 3]));
            for (int j = 0; j < 4; j++)
            {
                long scalar = BitConverter.DoubleToInt64Bits(DeterministicMath.Exp(x[i + j]));
                long vector = BitConverter.DoubleToInt64Bits(v.GetElement(j));
                Assert.True(scalar == vector, $"x = {x[i + j]:R}: scalar {DeterministicMath.Exp(x[i + j]):R}, vector {v.GetElement(j):R}");
            }
        }
    }
}

using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Tests;

/// <summary>The vector kernels must give the bits of the scalar ones: a lane of one path always takes the scalar form.</summary>
public sealed class VectorKernelTests
{
    private static readonly ModelParameters M = new(SimulationConfig.Paper with { Paths = 64 });

    [Theory]
    [InlineData(FillProbability.Linear)]
    [InlineData(FillProbability.Poisson)]
    public void Fills_drawn_eight_and_four_at_a_time_equal_fills_drawn_one_path_at_a_time(FillProbability rule)
    {
        var m = new ModelParameters(SimulationConfig.Paper with { Paths = 71, OrderFlow = SimulationConfig.Paper.OrderFlow with { FillProbability = rule } });
        const int n = 71;   // 64 paths eight at a time, 4 four at a time, 3 one at a time
        var keys = new LaneKeys(m.Seed, 0, n);
        var mid = Enumerable.Range(0, n).Select(i => 100 + 0.37 * (i % 9)).ToArray();
        // Distances from far inside the spread to far outside, a negative one, and unquoted sides.
        var bid = mid.Select((s, i) => i % 11 == 0 ? double.NaN : s - 0.05 * (i % 17) + (i % 23 == 0 ? 0.3 : 0)).ToArray();
        var ask = mid.Select((s, i) => i % 13 == 0 ? double.NaN : s + 0.09 * (i % 19)).ToArray();
        for (int step = 0; step < 50; step++)
        {
            var bidLane = new bool[n];
            var askLane = new bool[n];
            OrderFlow.DrawFills(m, step, keys, mid, bid, ask, bidLane, askLane);
            for (int i = 0; i < n; i++)
            {
                var one = new LaneKeys(m.Seed, i, 1);
                var b = new bool[1];
                var a = new bool[1];
                OrderFlow.DrawFills(m, step, one, [mid[i]], [bid[i]], [ask[i]], b, a);
                Assert.Equal(b[0], bidLane[i]);
                Assert.Equal(a[0], askLane[i]);
            }
        }
    }

    [Fact]
    public void Fill_probabilities_of_the_vector_form_are_the_scalar_bits()
    {
        for (double d = -3; d < 8; d += 0.013)
        {
            var v = OrderFlow.FillProbability(M, System.Runtime.Intrinsics.Vector256.Create(d, d + 0.001, d + 0.002, d + 0.003));
            for (int j = 0; j < 4; j++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(OrderFlow.FillProbability(M, d + 0.001 * j)), BitConverter.DoubleToInt64Bits(v[j]));
        }
    }

    [Fact]
    public void Fill_probabilities_eight_at_a_time_are_the_scalar_bits()
    {
        for (double d = -3; d < 8; d += 0.013)
        {
            var v = OrderFlow.FillProbability(M, System.Runtime.Intrinsics.Vector512.Create(d, d + 0.001, d + 0.002, d + 0.003, d + 0.004, d + 0.005, d + 0.006, d + 0.007));
            for (int j = 0; j < 8; j++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(OrderFlow.FillProbability(M, d + 0.001 * j)), BitConverter.DoubleToInt64Bits(v[j]));
        }
    }

    [Fact]
    public void Uniform_draws_eight_at_a_time_are_the_scalar_draws()
    {
        var keys = Enumerable.Range(0, 8).Select(p => StreamKey.For(42, p, Purpose.AskArrival)).ToArray();
        for (ulong counter = 0; counter < 1000; counter++)
        {
            var u = CounterRngVector.Uniform(System.Runtime.Intrinsics.Vector512.Create(keys), counter);
            for (int j = 0; j < 8; j++) Assert.Equal(CounterRng.Uniform(keys[j], counter), u[j]);
        }
    }

    [Fact]
    public void Vector_uniform_draws_are_the_scalar_draws()
    {
        var keys = Enumerable.Range(0, 4).Select(p => StreamKey.For(42, p, Purpose.Price)).ToArray();
        for (ulong counter = 0; counter < 1000; counter++)
        {
            var u = CounterRngVector.Uniform(System.Runtime.Intrinsics.Vector256.Create(keys), counter);
            for (int j = 0; j < 4; j++) Assert.Equal(CounterRng.Uniform(keys[j], counter), u[j]);
        }
    }

    [Fact]
    public void Mid_moves_four_at_a_time_equal_mid_moves_one_path_at_a_time()
    {
        const int n = 37;   // not a multiple of four: the tail takes the scalar form
        var keys = new LaneKeys(M.Seed, 0, n);
        var mid = Enumerable.Range(0, n).Select(i => 100.0 + i).ToArray();
        var next = new double[n];
        PriceProcess.Advance(M, 5, keys.Price, mid, next);
        for (int i = 0; i < n; i++)
            Assert.Equal(PriceProcess.Next(M, mid[i], PriceProcess.Shock(M.PriceModel, keys.Price[i], 5)), next[i]);
    }
}

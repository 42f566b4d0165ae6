using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Tests;

public sealed class OrderFlowTests
{
    private const int Paths = 20_000;
    private const int Steps = 10;   // 200,000 trials per side

    private static ModelParameters Model(FillProbability rule = FillProbability.Linear, FillsPerStep perStep = FillsPerStep.Independent) =>
        new(SimulationConfig.Paper.WithFillProbability(rule).WithFillsPerStep(perStep));

    [Theory]
    // Linear rule min(1, A·dt·e^(−kδ)), A·dt = 140·0.005 = 0.7, k = 1.5.
    [InlineData(0.0, 0.7)]                    // min(1, 0.7)
    [InlineData(1.0, 0.15619111210390085)]    // 0.7·e^(−1.5) = 0.7 × 0.22313016014842982
    [InlineData(2.0, 0.03485094785750476)]    // 0.7·e^(−3) = 0.7 × 0.049787068367863944
    [InlineData(-1.0, 1.0)]                   // 0.7·e^(1.5) = 3.137 clipped at 1
    public void Linear_fill_probability_is_A_dt_times_the_intensity_decay_clipped_at_one(double distance, double expected) =>
        Assert.Equal(expected, OrderFlow.FillProbability(Model(), distance), 1e-14);

    [Theory]
    // Poisson rule 1 − e^(−λ·dt), λ·dt = 0.7·e^(−1.5δ).
    [InlineData(0.0, 0.5034146962085905)]     // 1 − e^(−0.7)
    [InlineData(1.0, 0.14460430172270844)]    // 1 − e^(−0.15619111)
    [InlineData(-1.0, 0.9565951)]             // 1 − e^(−0.7·e^1.5) = 1 − e^(−3.13719)
    public void Poisson_fill_probability_is_one_minus_the_chance_of_no_arrival(double distance, double expected) =>
        Assert.Equal(expected, OrderFlow.FillProbability(Model(FillProbability.Poisson), distance), 1e-7);

    [Theory]
    [InlineData(FillProbability.Linear)]
    [InlineData(FillProbability.Poisson)]
    public void Fill_frequencies_match_the_fill_probability_within_four_binomial_standard_errors(FillProbability rule)
    {
        // Bid 0.5 below the mid, ask 1.0 above: λ·dt = 0.7·e^(−0.75) and 0.7·e^(−1.5), turned into a
        // probability here with Math.Exp, independently of the model's own exponential.
        var m = Model(rule);
        double lambdaBid = 0.7 * Math.Exp(-0.75), lambdaAsk = 0.7 * Math.Exp(-1.5);
        double pBid = rule == FillProbability.Linear ? lambdaBid : 1 - Math.Exp(-lambdaBid);
        double pAsk = rule == FillProbability.Linear ? lambdaAsk : 1 - Math.Exp(-lambdaAsk);
        var counts = CountFills(m, bidDistance: 0.5, askDistance: 1.0);
        AssertFrequency(pBid, counts.Bid, counts.Trials);
        AssertFrequency(pAsk, counts.Ask, counts.Trials);
        // Independent sides: both fill with probability pBid·pAsk.
        AssertFrequency(pBid * pAsk, counts.Both, counts.Trials);
    }

    [Fact]
    public void A_quote_at_the_mid_fills_with_probability_A_dt()
    {
        var counts = CountFills(Model(), bidDistance: 0, askDistance: 0);
        AssertFrequency(0.7, counts.Bid, counts.Trials);
        AssertFrequency(0.7, counts.Ask, counts.Trials);
    }

    [Theory]
    [InlineData(FillsPerStep.Independent)]
    [InlineData(FillsPerStep.One)]
    public void A_NaN_quote_never_fills(FillsPerStep perStep)
    {
        // A quote through the mid would fill with probability 1 if it were quoted.
        var counts = CountFills(Model(perStep: perStep), bidDistance: -1, askDistance: double.NaN);
        Assert.Equal(0, counts.Ask);
        Assert.Equal(counts.Trials, counts.Bid);
        counts = CountFills(Model(perStep: perStep), bidDistance: double.NaN, askDistance: -1);
        Assert.Equal(0, counts.Bid);
        Assert.Equal(counts.Trials, counts.Ask);
    }

    [Theory]
    // One draw u: the ask fills when u < pA, the bid when pA ≤ u < pA + pB, so
    // P(ask) = pA and P(bid) = min(pA + pB, 1) − pA = min(pB, 1 − pA).
    [InlineData(0.0, 0.0)]   // pA = pB = 0.7: P(bid) = 1 − 0.7 = 0.3
    [InlineData(0.5, 1.0)]   // pB = 0.7·e^(−0.75) = 0.3307, pA = 0.1562: P(bid) = pB
    public void With_one_fill_per_step_both_sides_never_fill_together_and_the_ask_is_checked_first(double bidDistance, double askDistance)
    {
        var m = Model(perStep: FillsPerStep.One);
        double pBid = 0.7 * Math.Exp(-1.5 * bidDistance), pAsk = 0.7 * Math.Exp(-1.5 * askDistance);
        var counts = CountFills(m, bidDistance, askDistance);
        Assert.Equal(0, counts.Both);
        AssertFrequency(pAsk, counts.Ask, counts.Trials);
        AssertFrequency(Math.Min(pBid, 1 - pAsk), counts.Bid, counts.Trials);
    }

    [Fact]
    public void Fills_are_measured_from_the_true_mid_of_each_path()
    {
        // The same quotes against different mids: path 0 quotes 0 from its mid, path 1 quotes 2 away.
        var m = Model();
        var keys = new LaneKeys(m.Seed, 0, 2);
        double[] mid = [100, 98], bid = [100, 96], ask = [100, 100];
        var bidFilled = new bool[2];
        var askFilled = new bool[2];
        int[] bidCount = new int[2], askCount = new int[2];
        const int steps = 50_000;
        for (int step = 0; step < steps; step++)
        {
            OrderFlow.DrawFills(m, step, keys, mid, bid, ask, bidFilled, askFilled);
            for (int i = 0; i < 2; i++) { if (bidFilled[i]) bidCount[i]++; if (askFilled[i]) askCount[i]++; }
        }
        AssertFrequency(0.7, bidCount[0], steps);
        AssertFrequency(0.7 * Math.Exp(-3.0), bidCount[1], steps);   // 98 − 96 = 2
        AssertFrequency(0.7 * Math.Exp(-3.0), askCount[1], steps);   // 100 − 98 = 2
    }

    [Fact]
    public void Drawing_the_same_step_twice_gives_the_same_fills()
    {
        var m = Model();
        var keys = new LaneKeys(m.Seed, 0, 1000);
        var mid = Enumerable.Repeat(100.0, 1000).ToArray();
        var bid = Enumerable.Repeat(99.5, 1000).ToArray();
        var ask = Enumerable.Repeat(100.5, 1000).ToArray();
        bool[] b1 = new bool[1000], a1 = new bool[1000], b2 = new bool[1000], a2 = new bool[1000];
        OrderFlow.DrawFills(m, 7, keys, mid, bid, ask, b1, a1);
        OrderFlow.DrawFills(m, 7, keys, mid, bid, ask, b2, a2);
        Assert.Equal(b1, b2);
        Assert.Equal(a1, a2);
    }

    private static void AssertFrequency(double p, long hits, long trials)
    {
        double se = Math.Sqrt(p * (1 - p) / trials);
        double frequency = (double)hits / trials;
        Assert.True(Math.Abs(frequency - p) <= 4 * se, $"frequency {frequency:F5} vs probability {p:F5} (4 SE = {4 * se:F5})");
    }

    private readonly record struct FillCounts(long Bid, long Ask, long Both, long Trials);

    private static FillCounts CountFills(ModelParameters m, double bidDistance, double askDistance)
    {
        var keys = new LaneKeys(m.Seed, 0, Paths);
        var mid = Enumerable.Repeat(100.0, Paths).ToArray();
        var bid = Enumerable.Repeat(100.0 - bidDistance, Paths).ToArray();
        var ask = Enumerable.Repeat(100.0 + askDistance, Paths).ToArray();
        var bidFilled = new bool[Paths];
        var askFilled = new bool[Paths];
        long bids = 0, asks = 0, both = 0;
        for (int step = 0; step < Steps; step++)
        {
            OrderFlow.DrawFills(m, step, keys, mid, bid, ask, bidFilled, askFilled);
            for (int i = 0; i < Paths; i++)
            {
                if (bidFilled[i]) bids++;
                if (askFilled[i]) asks++;
                if (bidFilled[i] && askFilled[i]) both++;
            }
        }
        return new FillCounts(bids, asks, both, (long)Paths * Steps);
    }
}

using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Tests;

/// <summary>Participants of a run, built from a kind's defaults.</summary>
internal static class Participant
{
    public static ParticipantConfig Of(ParticipantKind kind, string? name = null, IEnumerable<(string Key, double Value)>? set = null)
    {
        var parameters = new Dictionary<string, double>(ParticipantConfig.Default(kind).Parameters, StringComparer.Ordinal);
        foreach (var (key, value) in set ?? []) parameters[key] = value;
        return new ParticipantConfig(kind.Name, name ?? kind.DefaultName, parameters);
    }

    /// <summary>The paper's run on the reference engine, <paramref name="paths"/> paths, with these participants.</summary>
    public static SimulationConfig Run(int paths, params ParticipantConfig[] participants) => SimulationConfig.Paper with
    {
        Paths = paths,
        Output = new OutputConfig(RecordPaths: 5),
        Engine = SimulationConfig.Paper.Engine with { Kind = EngineKind.Reference },
        Participants = participants,
    };
}

public sealed class TakerTests
{
    private static readonly ModelParameters Paper = new(SimulationConfig.Paper);

    /// <summary>Orders of <paramref name="paths"/> paths over <paramref name="steps"/> steps: count of buys and sells.</summary>
    private static (int Buys, int Sells) CountNoiseOrders(ParticipantConfig self, int paths, int steps)
    {
        var streams = new ParticipantStreams(Paper.Seed, self.Name);
        streams.Start(0, paths);
        var orders = new sbyte[paths];
        int buys = 0, sells = 0;
        for (int step = 0; step < steps; step++)
        {
            Array.Clear(orders);
            NoiseTrader.Decide(Paper, self, streams, step, paths, orders);
            buys += orders.Count(o => o == 1);
            sells += orders.Count(o => o == -1);
            Assert.All(orders, o => Assert.InRange(o, -1, 1));
        }
        return (buys, sells);
    }

    [Theory]
    [InlineData(20.0)]    // 1 − e^(−0.1) = 0.0951626
    [InlineData(140.0)]   // 1 − e^(−0.7) = 0.5034147
    public void Noise_trader_sends_an_order_in_a_step_with_probability_one_minus_e_to_the_minus_rate_dt(double rate)
    {
        const int paths = 1000, steps = 20;
        var (buys, sells) = CountNoiseOrders(Participant.Of(ParticipantKinds.NoiseTrader, set: [("rate", rate)]), paths, steps);

        double p = 1 - Math.Exp(-rate * 0.005), trials = paths * steps;
        double sd = Math.Sqrt(trials * p * (1 - p));
        Assert.InRange(buys + sells, trials * p - 4 * sd, trials * p + 4 * sd);
        // Given an order, a buy with probability 1/2: buys ~ Binomial(orders, 1/2).
        double orders = buys + sells, sdSide = Math.Sqrt(orders / 4);
        Assert.InRange(buys, orders / 2 - 4 * sdSide, orders / 2 + 4 * sdSide);
    }

    [Fact]
    public void Noise_trader_at_rate_zero_sends_no_orders()
    {
        var (buys, sells) = CountNoiseOrders(Participant.Of(ParticipantKinds.NoiseTrader, set: [("rate", 0.0)]), 500, 20);
        Assert.Equal((0, 0), (buys, sells));
    }

    /// <summary>
    /// The informed trader's orders over a lane, each compared with the mid's next move, which this test computes
    /// itself path by path with the scalar <see cref="PriceProcess.Shock"/>: (orders, orders with the move's sign).
    /// </summary>
    private static (int Orders, int Right) InformedAgainstTheMove(ModelParameters m, ParticipantConfig self, int paths, int steps)
    {
        var keys = new LaneKeys(m.Seed, 0, paths);
        var streams = new ParticipantStreams(m.Seed, self.Name);
        streams.Start(0, paths);
        var mid = Enumerable.Repeat(m.S0, paths).ToArray();
        var scratch = new double[paths];
        var orders = new sbyte[paths];
        int count = 0, right = 0;
        for (int step = 0; step < steps; step++)
        {
            Array.Clear(orders);
            InformedTrader.Decide(m, self, streams, step, mid, keys.Price, scratch, orders);
            for (int i = 0; i < paths; i++)
            {
                double next = PriceProcess.Next(m, mid[i], PriceProcess.Shock(m.PriceModel, keys.Price[i], step));
                if (orders[i] != 0)
                {
                    count++;
                    if (orders[i] == Math.Sign(next - mid[i])) right++;
                }
                mid[i] = next;
            }
        }
        return (count, right);
    }

    [Theory]
    [InlineData(PriceModel.Binomial)]
    [InlineData(PriceModel.Gaussian)]
    public void Informed_trader_with_accuracy_one_always_trades_in_the_direction_of_the_next_mid_move(PriceModel model)
    {
        var m = new ModelParameters(SimulationConfig.Paper.WithMarket(0, 2, model));
        var self = Participant.Of(ParticipantKinds.InformedTrader, set: [("accuracy", 1.0), ("rate", 100.0)]);

        var (orders, right) = InformedAgainstTheMove(m, self, paths: 300, steps: 40);

        // 12,000 path-steps at 1 − e^(−0.5) = 0.393: thousands of orders, every one right.
        Assert.True(orders > 4000, $"{orders} orders");
        Assert.Equal(orders, right);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.75)]
    public void Informed_trader_is_right_with_probability_accuracy_within_four_binomial_standard_errors(double accuracy)
    {
        var self = Participant.Of(ParticipantKinds.InformedTrader, set: [("accuracy", accuracy), ("rate", 100.0)]);

        var (orders, right) = InformedAgainstTheMove(Paper, self, paths: 300, steps: 40);

        double sd = Math.Sqrt(orders * accuracy * (1 - accuracy));
        Assert.InRange(right, orders * accuracy - 4 * sd, orders * accuracy + 4 * sd);
        // The arrival rule is the noise trader's: 1 − e^(−rate·dt) per step.
        double p = 1 - Math.Exp(-0.5), trials = 300 * 40, sdOrders = Math.Sqrt(trials * p * (1 - p));
        Assert.InRange(orders, trials * p - 4 * sdOrders, trials * p + 4 * sdOrders);
    }
}

public sealed class ParticipantStreamTests
{
    private static double[] Draws(string name, ulong seed = 42, long firstPath = 0)
    {
        var streams = new ParticipantStreams(seed, name);
        streams.Start(firstPath, 4);
        return [.. Enumerable.Range(0, 4).SelectMany(i => Enumerable.Range(0, 10).SelectMany(step =>
            Enumerable.Range(0, ParticipantStreams.DrawsPerStep).Select(j => streams.Uniform(i, step, j))))];
    }

    [Fact]
    public void The_same_name_gives_the_same_draws_and_another_name_other_draws()
    {
        Assert.Equal(Draws("noise-trader"), Draws("noise-trader"));
        var a = Draws("noise-trader");
        var b = Draws("noise-trader-2");
        // 160 draws: two independent streams share a double with probability ~160·2^−53.
        Assert.All(a.Zip(b), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Equal(a.Length, a.Distinct().Count());
    }

    [Fact]
    public void A_participant_s_draws_depend_on_the_seed_and_the_path_not_on_the_lane()
    {
        Assert.NotEqual(Draws("flow", seed: 42), Draws("flow", seed: 43));
        // Paths 2 and 3 seen from a lane starting at path 2 are paths 2 and 3 of a lane starting at 0.
        Assert.Equal(Draws("flow", firstPath: 0).Skip(2 * 40).Take(2 * 40), Draws("flow", firstPath: 2).Take(2 * 40));
    }

    [Fact]
    public void A_participant_key_is_none_of_the_model_s_own_stream_keys()
    {
        var own = Enum.GetValues<Purpose>().Select(p => StreamKey.For(42, 0, p)).ToHashSet();
        Assert.DoesNotContain(StreamKey.ForParticipant(42, 0, "noise-trader"), own);
        Assert.NotEqual(StreamKey.ForParticipant(42, 0, "ab"), StreamKey.ForParticipant(42, 0, "ba"));
    }

    [Fact]
    public void Adding_participants_does_not_change_the_mid_paths()
    {
        var none = ReferenceEngine.Run(Participant.Run(40));
        var some = ReferenceEngine.Run(Participant.Run(40, Participant.Of(ParticipantKinds.NoiseTrader),
                                                       Participant.Of(ParticipantKinds.InformedTrader), Participant.Of(ParticipantKinds.MarketMaker)));

        Assert.Equal(none.RecordedPaths.Count, some.RecordedPaths.Count);
        for (int p = 0; p < none.RecordedPaths.Count; p++)
            Assert.Equal(none.RecordedPaths[p].Mid, some.RecordedPaths[p].Mid);
    }

    [Fact]
    public void Adding_participants_does_not_change_another_participant_s_orders()
    {
        // No background flow and no mid moves (σ = 0, so the maker under study always quotes, and the informed trader
        // never trades): the first taker's every order fills, so its trades are its orders, which this test draws
        // itself from the trader's own streams.
        const int paths = 60;
        var noise = Participant.Of(ParticipantKinds.NoiseTrader, set: [("rate", 60.0)]);
        var quiet = Participant.Run(paths, noise).WithMarket(0, 0, PriceModel.Binomial);
        quiet = quiet with { OrderFlow = quiet.OrderFlow with { A = 1e-12 } };
        var alone = ReferenceEngine.Run(quiet);
        var joined = ReferenceEngine.Run(quiet with
        {
            Participants = [noise, Participant.Of(ParticipantKinds.NoiseTrader, "crowd"), Participant.Of(ParticipantKinds.InformedTrader),
                            Participant.Of(ParticipantKinds.MarketMaker)],
        });

        var m = new ModelParameters(quiet);
        var streams = new ParticipantStreams(m.Seed, noise.Name);
        streams.Start(0, paths);
        var orders = new sbyte[paths];
        int buys = 0, sells = 0;
        for (int step = 0; step < m.Steps; step++)
        {
            Array.Clear(orders);
            NoiseTrader.Decide(m, noise, streams, step, paths, orders);
            buys += orders.Count(o => o > 0);
            sells += orders.Count(o => o < 0);
        }
        Assert.True(buys > 1000 && sells > 1000, $"{buys} buys, {sells} sells");
        foreach (var run in new[] { alone, joined })
        {
            var summary = run.Summary.Participants[0];
            Assert.Equal("noise-trader", summary.Name);
            Assert.Equal(buys, summary.BuysPerPathMean * paths, 9);
            Assert.Equal(sells, summary.SellsPerPathMean * paths, 9);
        }
    }
}

public sealed class ParticipantLedgerTests
{
    [Fact]
    public void Makers_pay_the_fee_takers_do_not_and_books_are_marked_at_the_closing_mid()
    {
        // Order size 2, fee 10 bps = 0.001 of the notional.
        var m = new ModelParameters(SimulationConfig.Paper with { OrderFlow = SimulationConfig.Paper.OrderFlow with { FeeBps = 10, OrderSize = 2 } });
        ParticipantConfig[] participants = [Participant.Of(ParticipantKinds.MarketMaker, "rival"), Participant.Of(ParticipantKinds.NoiseTrader, "noise")];
        var results = new ParticipantResults(2, participants, recordPaths: 1);
        var ledger = new ParticipantLedger(m, results);
        const double none = double.NaN;
        ledger.Start(0, 2);

        // Step 0. Maker: path 0 buys at 99, path 1 sells at 101. Taker: path 0 buys at 101.
        ledger.Apply(0, 0, [100, 100], [99, none], [none, 101]);
        ledger.Apply(1, 0, [100, 100], [101, none], [none, none]);
        // Step 1. Maker: path 0 sells at 101. Taker: path 0 sells at 99, path 1 sells at 99.5.
        ledger.Apply(0, 1, [100, 100], [none, none], [101, none]);
        ledger.Apply(1, 1, [100, 100], [none, none], [99, 99.5]);

        // Maker path 0: cash −(99·2 + 0.198) + (101·2 − 0.202) = 3.6, q = 0.
        // Maker path 1: cash 202 − 0.202 = 201.798, q = −2.
        Assert.Equal(3.6, ledger.Cash(0)[0], 12);
        Assert.Equal(201.798, ledger.Cash(0)[1], 12);
        Assert.Equal(new[] { 0.0, -2.0 }, ledger.Inventory(0).ToArray());
        // Taker path 0: cash −202 + 198 = −4, q = 0. Taker path 1: cash 199, q = −2. No fee.
        Assert.Equal(new[] { -4.0, 199.0 }, ledger.Cash(1).ToArray());
        Assert.Equal(new[] { 0.0, -2.0 }, ledger.Inventory(1).ToArray());

        ledger.Close([100, 100]);

        // PnL = cash + q·s_N with s_N = 100: maker 3.6 and 1.798, taker −4 and −1.
        Assert.Equal(3.6, results.TerminalPnl(0)[0], 12);
        Assert.Equal(1.798, results.TerminalPnl(0)[1], 12);
        Assert.Equal(new[] { -4.0, -1.0 }, results.TerminalPnl(1));
        var summaries = results.Summaries();
        Assert.Equal(("rival", ParticipantRole.Maker, 0.5, 1.0, -1.0), (summaries[0].Name, summaries[0].Role, summaries[0].BuysPerPathMean, summaries[0].SellsPerPathMean, summaries[0].FinalInventoryMean));
        Assert.Equal(2.699, summaries[0].PnlMean, 12);
        Assert.Equal(("noise", ParticipantRole.Taker, 0.5, 1.0, -1.0, -2.5), (summaries[1].Name, summaries[1].Role, summaries[1].BuysPerPathMean, summaries[1].SellsPerPathMean, summaries[1].FinalInventoryMean, summaries[1].PnlMean));

        // Only path 0 is recorded: its four trades in step order, then list order, each with the book after it.
        var trades = results.Trades();
        Assert.Equal(
            [
                ("rival", 0, TradeSide.Buy, 99.0, 0.198, 2.0, -198.198),
                ("noise", 0, TradeSide.Buy, 101.0, 0.0, 2.0, -202.0),
                ("rival", 1, TradeSide.Sell, 101.0, 0.202, 0.0, 3.6),
                ("noise", 1, TradeSide.Sell, 99.0, 0.0, 0.0, -4.0),
            ],
            trades.Select(t => (t.Participant, t.Step, t.Side, t.Price, Math.Round(t.Fee, 12), t.Inventory, Math.Round(t.Cash, 12))).ToArray());
        Assert.All(trades, t => Assert.Equal(0, t.Path));
    }

    [Fact]
    public void A_sell_and_a_buy_in_one_step_are_both_booked()
    {
        var m = new ModelParameters(SimulationConfig.Paper);
        var results = new ParticipantResults(1, [Participant.Of(ParticipantKinds.NoiseTrader)]);
        var ledger = new ParticipantLedger(m, results);
        ledger.Start(0, 1);
        ledger.Apply(0, 0, [100], [100.5], [99.5]);
        ledger.Close([100]);
        // Bought at 100.5, sold at 99.5: flat, cash −1.
        Assert.Equal(-1.0, results.TerminalPnl(0)[0]);
        Assert.Equal((1.0, 1.0), (results.Summaries()[0].BuysPerPathMean, results.Summaries()[0].SellsPerPathMean));
    }
}

public sealed class CompetingMakerTests
{
    private const int Paths = 200;   // 200 steps each: 40,000 side-steps per side

    /// <summary>A run without mid moves (σ = 0): both makers quote s ± (1/γ)·ln(1 + γ/k) whatever their inventory.</summary>
    private static RunResult Run(double gamma, double rivalGamma) =>
        ReferenceEngine.Run(Participant.Run(Paths, Participant.Of(ParticipantKinds.MarketMaker, set: [("gamma", rivalGamma)])).WithGamma(gamma)
            .WithMarket(0, 0, PriceModel.Binomial));

    [Fact]
    public void A_competing_maker_with_the_same_gamma_splits_the_flow_evenly_within_four_binomial_standard_errors()
    {
        var result = Run(0.1, 0.1);

        double primary = result.Summary.TradesPerPathMean * Paths;
        var rival = result.Summary.Participants[0];
        double total = primary + (rival.BuysPerPathMean + rival.SellsPerPathMean) * Paths;
        // Every fill is a tie; each goes to the maker under study with probability 1/2.
        double sd = Math.Sqrt(total / 4);
        Assert.InRange(primary, total / 2 - 4 * sd, total / 2 + 4 * sd);
        // Together they get what one maker alone would: δ = (1/γ)ln(1 + γ/k) = 10·ln(16/15) = 0.645385,
        // p = 0.7·e^(−1.5·0.645385) = 0.7·(16/15)^(−15) = 0.265953 per side and step.
        double p = 0.7 * Math.Pow(16.0 / 15, -15), trials = 2.0 * Paths * 200, sdTotal = Math.Sqrt(trials * p * (1 - p));
        Assert.InRange(total, trials * p - 4 * sdTotal, trials * p + 4 * sdTotal);
    }

    [Fact]
    public void A_competing_maker_with_a_tighter_spread_takes_every_fill()
    {
        // Spread (2/γ)·ln(1 + γ/k): γ = 0.1 → 1.29077, γ = 1 → 2·ln(5/3) = 1.02165. The rival's quotes are
        // better on both sides at every step, so the maker under study never fills.
        var result = Run(0.1, 1.0);

        Assert.Equal(0, result.Summary.TradesPerPathMean);
        var rival = result.Summary.Participants[0];
        // Each side fills with p = 0.7·e^(−1.5·ln(5/3)) = 0.7·(5/3)^(−1.5) = 0.325331 per step.
        double p = 0.7 * Math.Pow(5.0 / 3, -1.5), sd = 200 * Math.Sqrt(p * (1 - p) / (Paths * 200));
        Assert.InRange(rival.BuysPerPathMean, 200 * p - 4 * sd, 200 * p + 4 * sd);
        Assert.InRange(rival.SellsPerPathMean, 200 * p - 4 * sd, 200 * p + 4 * sd);
        Assert.Equal(ParticipantRole.Maker, rival.Role);
    }

    [Fact]
    public void The_maker_under_study_with_the_tighter_spread_keeps_every_fill()
    {
        var result = Run(1.0, 0.1);

        var rival = result.Summary.Participants[0];
        Assert.Equal((0.0, 0.0, 0.0), (rival.BuysPerPathMean, rival.SellsPerPathMean, rival.PnlMean));
        double p = 0.7 * Math.Pow(5.0 / 3, -1.5), sd = 200 * Math.Sqrt(p * (1 - p) / (Paths * 200));
        Assert.InRange(result.Summary.BidFillsPerPathMean, 200 * p - 4 * sd, 200 * p + 4 * sd);
    }
}

public sealed class AdverseSelectionTests
{
    [Fact]
    public void An_informed_trader_makes_the_maker_s_one_step_markout_worse_by_more_than_four_standard_errors()
    {
        var without = ReferenceEngine.Run(Participant.Run(200));
        var with = ReferenceEngine.Run(Participant.Run(200, Participant.Of(ParticipantKinds.InformedTrader, set: [("accuracy", 1.0), ("rate", 100.0)])));

        // After an uninformed fill the mid moves ±σ√dt = ±0.1414 at random; after an informed one, 0.1414 against the
        // maker. With about a third of the fills informed, the mean markout at h = 1 falls by about 0.05.
        var (a, b) = (without.Summary.Markouts[0], with.Summary.Markouts[0]);
        Assert.Equal((1, 1), (a.Horizon, b.Horizon));
        double se = Math.Sqrt(a.Std * a.Std / a.Count + b.Std * b.Std / b.Count);
        Assert.True(b.Mean < a.Mean - 4 * se, $"markout {b.Mean:G4} with the informed trader vs {a.Mean:G4} without (se {se:G3})");
        Assert.True(with.Summary.Participants[0].BuysPerPathMean + with.Summary.Participants[0].SellsPerPathMean > 20);
    }
}

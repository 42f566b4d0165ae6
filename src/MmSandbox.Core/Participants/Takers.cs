using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Participants;

/// <summary>
/// A participant's own random streams over a lane: one key per path, derived from the seed, the path
/// and the participant's name, so adding or removing a participant never moves another stream's draws.
/// Each step has <see cref="DrawsPerStep"/> draws: counter = step·DrawsPerStep + j.
/// </summary>
public sealed class ParticipantStreams
{
    /// <summary>Draws a participant may take per step and path.</summary>
    public const int DrawsPerStep = 4;

    private readonly ulong _seed;
    private readonly string _name;
    private ulong[] _keys = [];

    /// <summary>Streams of participant <paramref name="name"/> under <paramref name="seed"/>.</summary>
    public ParticipantStreams(ulong seed, string name)
    {
        _seed = seed;
        _name = name;
    }

    /// <summary>Derives the keys of paths <paramref name="firstPath"/> … + <paramref name="count"/> − 1.</summary>
    public void Start(long firstPath, int count)
    {
        if (_keys.Length < count) _keys = new ulong[count];
        for (int i = 0; i < count; i++) _keys[i] = StreamKey.ForParticipant(_seed, firstPath + i, _name);
    }

    /// <summary>Draw <paramref name="j"/> (0 … 3) of step <paramref name="step"/> on the lane's path <paramref name="index"/>, uniform in [0, 1).</summary>
    public double Uniform(int index, int step, int j) => CounterRng.Uniform(_keys[index], (ulong)step * DrawsPerStep + (ulong)j);
}

/// <summary>A noise taker: market orders at a Poisson rate, each a buy or a sell with probability 1/2.</summary>
public static class NoiseTrader
{
    /// <summary>
    /// The orders of one step: +1 buys one order size at the best ask, −1 sells at the best bid, 0 none.
    /// An order arrives when draw 0 &lt; 1 − e^(−rate·dt) (at least one Poisson arrival in the step); draw 1 &lt; ½ makes it a buy.
    /// </summary>
    public static void Decide(ModelParameters m, ParticipantConfig self, ParticipantStreams streams, int step, int count, Span<sbyte> orders)
    {
        double arrival = ArrivalProbability(m, self["rate"]);
        for (int i = 0; i < count; i++)
            orders[i] = streams.Uniform(i, step, 0) < arrival ? (sbyte)(streams.Uniform(i, step, 1) < 0.5 ? 1 : -1) : (sbyte)0;
    }

    /// <summary>1 − e^(−rate·dt): the probability of at least one arrival of a Poisson stream within a step.</summary>
    public static double ArrivalProbability(ModelParameters m, double rate) => 1.0 - DeterministicMath.Exp(-rate * m.Dt);
}

/// <summary>
/// An informed taker. It knows the sign of the next mid move s_{k+1} − s_k with probability <c>accuracy</c>
/// (its signal is the true sign when draw 1 &lt; accuracy, the opposite otherwise) and, when an order arrives
/// (draw 0 &lt; 1 − e^(−rate·dt)), buys at the best ask before an up-move or sells at the best bid before a
/// down-move. It takes the quotes the makers set against s_k, so its fills lose the makers money on
/// average: the adverse selection the markout metrics measure.
/// </summary>
public static class InformedTrader
{
    /// <summary>The orders of one step, from the lane's mids <paramref name="mid"/> (s_k) and price-stream keys.</summary>
    public static void Decide(ModelParameters m, ParticipantConfig self, ParticipantStreams streams, int step, ReadOnlySpan<double> mid,
                              ReadOnlySpan<ulong> priceKeys, Span<double> scratch, Span<sbyte> orders)
    {
        double arrival = NoiseTrader.ArrivalProbability(m, self["rate"]), accuracy = self["accuracy"];
        int n = mid.Length;
        // The move it foresees is the model's own: the price feed computes s_{k+1} with these keys and this function.
        PriceProcess.Advance(m, step, priceKeys[..n], mid, scratch[..n]);
        for (int i = 0; i < n; i++)
        {
            int sign = Math.Sign(scratch[i] - mid[i]);
            bool arrives = streams.Uniform(i, step, 0) < arrival;
            int signal = streams.Uniform(i, step, 1) < accuracy ? sign : -sign;
            orders[i] = arrives ? (sbyte)signal : (sbyte)0;
        }
    }
}

using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Actors.Tests;

/// <summary>Small lanes and the paper's parameters for actor specs.</summary>
internal static class Lanes
{
    public static SimulationConfig Paper(int paths = 3) => SimulationConfig.Paper with { Paths = paths };

    public static ModelParameters Model(int paths = 3) => new(Paper(paths));

    public static LaneId Lane(int count = 3, int slot = 0) => new(0, slot, 0, count);

    public static MidPrice Mid(int step, double[] mids, bool close = false) => new(step, Lane(mids.Length), mids, close);

    public static Quotes Quotes(int step, double[] bids, double[] asks)
    {
        var spread = bids.Zip(asks, (b, a) => a - b).ToArray();
        var reservation = bids.Zip(asks, (b, a) => (a + b) / 2).ToArray();
        return new Quotes(step, Lane(bids.Length), reservation, bids, asks, spread);
    }
}

using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Participants;

/// <summary>The competing maker (<c>kind: market_maker</c>): the maker under study's model with its own γ.</summary>
public static class CompetingMaker
{
    /// <summary>The constants of a maker like the one under study but with <paramref name="self"/>'s γ.</summary>
    public static ModelParameters Parameters(SimulationConfig config, ParticipantConfig self) =>
        new(config with { MarketMaker = config.MarketMaker with { Gamma = self["gamma"] } });
}

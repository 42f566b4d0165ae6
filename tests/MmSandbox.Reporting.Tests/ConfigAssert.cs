using MmSandbox.Core.Config;

namespace MmSandbox.Reporting.Tests;

/// <summary>Field-by-field comparison: records with list members do not compare the lists by value.</summary>
internal static class ConfigAssert
{
    public static void Equal(SimulationConfig expected, SimulationConfig actual)
    {
        Assert.Equal(expected.Seed, actual.Seed);
        Assert.Equal(expected.Paths, actual.Paths);
        Assert.Equal(expected.Horizon, actual.Horizon);
        Assert.Equal(expected.Dt, actual.Dt);
        Assert.Equal(expected.Market, actual.Market);
        Assert.Equal(expected.OrderFlow, actual.OrderFlow);
        Assert.Equal(expected.MarketMaker, actual.MarketMaker);
        Assert.Equal(expected.Metrics.MarkoutHorizons, actual.Metrics.MarkoutHorizons);
        Assert.Equal(expected.Metrics.AdverseHorizonSteps, actual.Metrics.AdverseHorizonSteps);
        Assert.Equal(expected.Metrics.VarHorizonSteps, actual.Metrics.VarHorizonSteps);
        Assert.Equal(expected.Metrics.VarLevels, actual.Metrics.VarLevels);
        Assert.Equal(expected.Output, actual.Output);
        Assert.Equal(expected.Engine, actual.Engine);
        Assert.Equal(expected.Participants.Count, actual.Participants.Count);
        for (int i = 0; i < expected.Participants.Count; i++)
        {
            var (e, a) = (expected.Participants[i], actual.Participants[i]);
            Assert.Equal((e.Kind, e.Name), (a.Kind, a.Name));
            Assert.Equal(e.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal), a.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mmsandbox-reporting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

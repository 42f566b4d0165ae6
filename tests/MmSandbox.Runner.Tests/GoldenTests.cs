using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Reporting.Results;

namespace MmSandbox.Runner.Tests;

/// <summary>
/// The summary of a small fixed config, committed in Golden/. Why it is trusted: it is the paper's setup
/// (Avellaneda–Stoikov 2008, γ = 0.1) at 4,000 paths, and its headline numbers reproduce the paper within
/// sampling error — checked again below against the converged values, independently of the golden bytes.
/// Any change that moves a number makes these tests fail; if the change is meant, regenerate the files
/// on purpose with MMSANDBOX_UPDATE_GOLDEN=1 dotnet test tests/MmSandbox.Runner.Tests and review the diff.
/// </summary>
public sealed class GoldenTests
{
    private static readonly SimulationConfig Golden = SimulationConfig.Paper with
    {
        Paths = 4000,
        Output = new OutputConfig(RecordPaths: 0),
        Engine = SimulationConfig.Paper.Engine with { LaneSize = 333 },
    };

    public static TheoryData<string, string> Cases => new()
    {
        { "inventory", "avellaneda-stoikov" },
        { "symmetric", "symmetric" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_summary_of_the_golden_config_is_byte_identical_to_the_committed_one(string name, string strategy)
    {
        EnumNames.TryParse<Strategy>(strategy, out var s);
        var config = Golden with { MarketMaker = Golden.MarketMaker with { Strategy = s } };
        var reference = ReferenceEngine.Run(config with { Engine = config.Engine with { Kind = EngineKind.Reference } });
        var actors = await new MmSandbox.Actors.ActorEngine().RunAsync(config);

        // The engine and lane size are the only fields that name how the run was done: write both as the reference's.
        string fromReference = Summary(reference.Summary);
        string fromActors = Summary(actors.Summary with { Engine = EngineKind.Reference, LaneSize = reference.Summary.LaneSize });
        string path = Path.Combine(GoldenFolder, $"{name}_summary.json");
        if (Environment.GetEnvironmentVariable("MMSANDBOX_UPDATE_GOLDEN") == "1") File.WriteAllText(path, fromReference);

        Assert.True(File.Exists(path), $"{path} is missing; create it with MMSANDBOX_UPDATE_GOLDEN=1");
        string committed = File.ReadAllText(path);
        Assert.Equal(committed, fromReference);
        Assert.Equal(committed, fromActors);
    }

    [Fact]
    public void The_golden_config_reproduces_the_paper_within_sampling_error()
    {
        var inventory = ReferenceEngine.Run(Golden).Summary;
        var symmetric = ReferenceEngine.Run(Golden with { MarketMaker = Golden.MarketMaker with { Strategy = Strategy.Symmetric } }).Summary;
        // Converged values (shared/reference, 100,000 paths): inventory 64.86 ± 6.54, symmetric 68.22 ± 13.47.
        // Four standard errors at 4,000 paths: 4·6.54/√4000 ≈ 0.41 and 4·13.47/√4000 ≈ 0.85.
        Assert.InRange(inventory.PnlMean, 64.86 - 0.41, 64.86 + 0.41);
        Assert.InRange(symmetric.PnlMean, 68.22 - 0.85, 68.22 + 0.85);
        // std(profit): SE ≈ σ/√(2n): 4·6.54/√8000 ≈ 0.29, 4·13.47/√8000 ≈ 0.60.
        Assert.InRange(inventory.PnlStd, 6.54 - 0.29, 6.54 + 0.29);
        Assert.InRange(symmetric.PnlStd, 13.47 - 0.60, 13.47 + 0.60);
    }

    private static string Summary(MmSandbox.Core.Metrics.RunSummary summary)
    {
        using var stream = new MemoryStream();
        ResultWriter.WriteSummary(stream, summary);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string GoldenFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MmSandbox.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "tests", "MmSandbox.Runner.Tests", "Golden");
        }
    }
}

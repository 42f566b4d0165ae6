using System.Text.Json;

namespace MmSandbox.Cli.Tests;

/// <summary><c>bench</c> on a tiny run: the shape of its JSON, never its speed (timings vary from machine to machine).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_json_reports_both_engines_with_positive_rates_and_identical_summaries()
    {
        using var ws = Workspace.Create();
        var outcome = ws.Run("bench", "--paths", "300", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());

        using var json = JsonDocument.Parse(outcome.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("identical").GetBoolean(), outcome.ToString());
        Assert.True(root.GetProperty("machine").GetProperty("processor_count").GetInt32() >= 1);
        Assert.Contains(root.GetProperty("machine").GetProperty("vector256_hardware_accelerated").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        var config = root.GetProperty("config");
        Assert.Equal(300, config.GetProperty("paths").GetInt32());
        Assert.Equal(300L * config.GetProperty("steps").GetInt32(), config.GetProperty("path_steps").GetInt64());
        Assert.Equal(0, config.GetProperty("record_paths").GetInt32());

        var engines = root.GetProperty("engines");
        Assert.Equal(["reference", "actors"], engines.EnumerateObject().Select(e => e.Name));
        foreach (var engine in engines.EnumerateObject().Select(e => e.Value))
        {
            Assert.True(engine.GetProperty("wall_seconds").GetDouble() > 0);
            Assert.True(engine.GetProperty("path_steps_per_second").GetDouble() > 0);
            Assert.True(engine.GetProperty("allocated_bytes_per_path_step").GetDouble() > 0);
            Assert.True(engine.GetProperty("peak_working_set_bytes_so_far").GetInt64() > 0);
            var gc = engine.GetProperty("gc_collections");
            Assert.All(new[] { "gen0", "gen1", "gen2" }, g => Assert.True(gc.GetProperty(g).GetInt32() >= 0));
        }
    }

    [Fact]
    public void Bench_refuses_a_lane_size_below_one_with_exit_code_2()
    {
        using var ws = Workspace.Create();
        var outcome = ws.Run("bench", "--paths", "300", "--lane-size", "0");
        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("--lane-size", outcome.Stderr, StringComparison.Ordinal);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Encodings.Web;
using System.Text.Json;
using MmSandbox.Actors;
using MmSandbox.Actors.Scenario;
using MmSandbox.Cli.Terminal;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Results;
using MmSandbox.Runner;
using Spectre.Console;

namespace MmSandbox.Cli.Commands;

/// <summary>
/// <c>mmsandbox bench</c>: the same config on the reference engine, then on the actor engine, each
/// warmed up on a small run and then measured once without per-path rows: path-steps per second,
/// bytes allocated per path-step, peak working set, GC counts, and whether both summaries agree.
/// Nothing is written to disk.
/// </summary>
public static class BenchCommand
{
    /// <summary>Paths of a measured run unless <c>--paths</c> or <c>--set paths=…</c> says otherwise.</summary>
    public const int DefaultPaths = 100_000;

    /// <summary>Paths of each engine's warm-up run (fewer if the measured run has fewer).</summary>
    public const int WarmUpPaths = 2_000;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var paths = CommonOptions.Paths($"Paths of the measured runs (default: {DefaultPaths:N0}; same as --set paths=N)");
        var laneSize = new Option<int?>("--lane-size")
        {
            Description = "Paths per lane (same as --set engine.lane_size=N)",
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1) return value;
                result.AddError($"--lane-size must be a whole number ≥ 1, got '{text}'");
                return null;
            },
        };
        var set = CommonOptions.Set();
        var json = new Option<bool>("--json") { Description = "Print one JSON object on standard output instead of a table" };
        var command = new Command("bench", "Time the same config on both engines (reference, then actors): path-steps/s, allocations, peak memory, GC counts")
        {
            config, paths, laneSize, set, json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(config)!,
            Overrides(parse.GetValue(set), parse.GetValue(paths), parse.GetValue(laneSize)), parse.GetValue(json), cancel));
        return command;
    }

    /// <summary>
    /// The overrides of a bench: <see cref="DefaultPaths"/> unless paths are set, then the <c>--set</c>
    /// values, then the shorthands, and last <c>output.record_paths=0</c> (a bench records no rows).
    /// </summary>
    public static List<string> Overrides(string[]? sets, int? paths, int? laneSize)
    {
        var all = new List<string>();
        if (paths is null && !(sets ?? []).Any(s => s.TrimStart().StartsWith("paths=", StringComparison.Ordinal)))
            all.Add(FormattableString.Invariant($"paths={DefaultPaths}"));
        all.AddRange(CommonOptions.Overrides(sets, paths));
        if (laneSize is { } lane) all.Add(FormattableString.Invariant($"engine.lane_size={lane}"));
        all.Add("output.record_paths=0");
        return all;
    }

    /// <summary>Loads, measures both engines, prints; returns the exit code.</summary>
    public static async Task<int> RunAsync(string configPath, IReadOnlyList<string> sets, bool json, CancellationToken cancel)
    {
        SimulationConfig config;
        try
        {
            config = ConfigLoader.Load(configPath, sets);
        }
        catch (ConfigException e)
        {
            return Errors.BadConfig(e);
        }
        var warmUp = config with { Paths = Math.Min(WarmUpPaths, config.Paths) };

        try
        {
            var reference = await MeasureAsync(EngineKind.Reference, () => new ReferenceEngine(), warmUp, config, json, cancel).ConfigureAwait(false);
            var actors = await MeasureAsync(EngineKind.Actors, () => new ActorEngine(), warmUp, config, json, cancel).ConfigureAwait(false);
            var report = new BenchReport(config, warmUp.Paths, [reference, actors], SameSummary(reference.Result.Summary, actors.Result.Summary));
            if (json)
                WriteJson(report);
            else
                PrintTable(report);
            return report.Identical
                ? ExitCodes.Success
                : Errors.RunFailed("the two engines' summaries differ (beyond engine and lane_size); they must be bit-identical");
        }
        catch (ScenarioFailedException e)
        {
            return Errors.RunFailed(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Errors.Interrupted("stopped by Ctrl-C before the end; nothing was reported");
        }
    }

    /// <summary>One measured run of one engine. Peak working set is the process's peak so far, not this run's alone.</summary>
    /// <param name="Engine">The engine.</param>
    /// <param name="Result">What the run produced.</param>
    /// <param name="PathSteps">Paths × steps.</param>
    /// <param name="WallSeconds">Wall-clock seconds of the engine's RunAsync.</param>
    /// <param name="AllocatedBytes">Bytes allocated on the managed heap by every thread during the run.</param>
    /// <param name="PeakWorkingSetBytes">The process's peak resident memory after the run, in bytes.</param>
    /// <param name="Gen0">Gen-0 collections during the run (every gen-1 or gen-2 collection also counts here).</param>
    /// <param name="Gen1">Gen-1 collections during the run (every gen-2 collection also counts here).</param>
    /// <param name="Gen2">Gen-2 (full) collections during the run.</param>
    public sealed record Measurement(EngineKind Engine, RunResult Result, long PathSteps, double WallSeconds, long AllocatedBytes,
                                     long PeakWorkingSetBytes, int Gen0, int Gen1, int Gen2)
    {
        /// <summary>Path-steps per wall-clock second.</summary>
        public double PathStepsPerSecond => PathSteps / Math.Max(WallSeconds, 1e-9);

        /// <summary>Managed bytes allocated per path-step.</summary>
        public double AllocatedBytesPerPathStep => (double)AllocatedBytes / PathSteps;
    }

    /// <summary>What a bench found: the config measured, each engine's run, and whether their summaries agree.</summary>
    /// <param name="Config">The measured config.</param>
    /// <param name="WarmUpPaths">Paths of each warm-up run.</param>
    /// <param name="Engines">Reference first, then actors.</param>
    /// <param name="Identical">Whether both summaries are the same bits, engine and lane size aside.</param>
    public sealed record BenchReport(SimulationConfig Config, int WarmUpPaths, IReadOnlyList<Measurement> Engines, bool Identical);

    private static async Task<Measurement> MeasureAsync(EngineKind kind, Func<ISimulationEngine> engine, SimulationConfig warmUp,
                                                        SimulationConfig config, bool quiet, CancellationToken cancel)
    {
        string name = EnumNames.Name(kind);
        if (!quiet) AnsiConsole.MarkupLine($"[grey]{name}: warm-up on {warmUp.Paths:N0} paths, then {config.Paths:N0} paths × {config.Steps} steps…[/]");
        await engine().RunAsync(warmUp, null, cancel).ConfigureAwait(false);

        // Start from a collected heap, so that the counts below belong to the measured run.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var measured = engine();
        var clock = Stopwatch.StartNew();
        var result = await measured.RunAsync(config, null, cancel).ConfigureAwait(false);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return new Measurement(kind, result, (long)config.Paths * config.Steps, clock.Elapsed.TotalSeconds, allocated, PeakWorkingSet(),
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
    }

    /// <summary>The process's peak resident set so far: VmHWM on Linux, the OS's peak working set elsewhere.</summary>
    private static long PeakWorkingSet()
    {
        const string status = "/proc/self/status";
        if (OperatingSystem.IsLinux() && File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var fields = line["VmHWM:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 2 && fields[1] == "kB" && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb))
                    return kb * 1024;
            }
        }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>Whether two summaries write the same summary.json once engine and lane size are made equal.</summary>
    private static bool SameSummary(RunSummary a, RunSummary b) =>
        SummaryBytes(a).AsSpan().SequenceEqual(SummaryBytes(b));

    private static byte[] SummaryBytes(RunSummary s)
    {
        using var stream = new MemoryStream();
        ResultWriter.WriteSummary(stream, s with { Engine = EngineKind.Reference, LaneSize = 0 });
        return stream.ToArray();
    }

    private static void WriteJson(BenchReport report)
    {
        var config = report.Config;
        using (var stdout = Console.OpenStandardOutput())
        {
            using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteStartObject("machine");
                json.WriteNumber("processor_count", Environment.ProcessorCount);
                json.WriteString("os", RuntimeInformation.OSDescription);
                json.WriteString("architecture", RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant());
                json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
                json.WriteBoolean("vector256_hardware_accelerated", Vector256.IsHardwareAccelerated);
                json.WriteBoolean("vector512_hardware_accelerated", Vector512.IsHardwareAccelerated);
                json.WriteBoolean("server_gc", GCSettings.IsServerGC);
                json.WriteString("program_version", Backtest.Version);
                json.WriteEndObject();
                json.WriteStartObject("config");
                json.WriteNumber("paths", config.Paths);
                json.WriteNumber("steps", config.Steps);
                json.WriteNumber("path_steps", (long)config.Paths * config.Steps);
                json.WriteNumber("lane_size", config.Engine.LaneSize);
                json.WriteNumber("lanes_in_flight", config.Engine.LanesInFlight);
                json.WriteNumber("pipelines", config.Engine.Pipelines);
                json.WriteNumber("warm_up_paths", report.WarmUpPaths);
                json.WriteNumber("record_paths", config.Output.RecordPaths);
                json.WriteEndObject();
                json.WriteStartObject("engines");
                foreach (var m in report.Engines)
                {
                    json.WriteStartObject(EnumNames.Name(m.Engine));
                    json.WriteNumber("lane_size", m.Result.Summary.LaneSize);
                    Number(json, "wall_seconds", m.WallSeconds);
                    Number(json, "path_steps_per_second", m.PathStepsPerSecond);
                    json.WriteNumber("allocated_bytes", m.AllocatedBytes);
                    Number(json, "allocated_bytes_per_path_step", m.AllocatedBytesPerPathStep);
                    json.WriteNumber("peak_working_set_bytes_so_far", m.PeakWorkingSetBytes);
                    json.WriteStartObject("gc_collections");
                    json.WriteNumber("gen0", m.Gen0);
                    json.WriteNumber("gen1", m.Gen1);
                    json.WriteNumber("gen2", m.Gen2);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteBoolean("identical", report.Identical);
                json.WriteEndObject();
            }
            stdout.WriteByte((byte)'\n');
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumber(name, value);
        else
            json.WriteNull(name);
    }

    private static void PrintTable(BenchReport report)
    {
        var config = report.Config;
        var table = new Table()
            .Title($"{config.Paths:N0} paths × {config.Steps} steps, lanes of {config.Engine.LaneSize:N0} " +
                   $"({config.Engine.LanesInFlight} in flight, {config.Engine.Pipelines} actor pipeline{(config.Engine.Pipelines == 1 ? "" : "s")}), " +
                   $"after a warm-up on {report.WarmUpPaths:N0} paths")
            .AddColumn("engine")
            .AddColumn(new TableColumn("M path-steps/s").RightAligned())
            .AddColumn(new TableColumn("wall s").RightAligned())
            .AddColumn(new TableColumn("alloc B/path-step").RightAligned())
            .AddColumn(new TableColumn("peak working set so far").RightAligned())
            .AddColumn(new TableColumn("GC gen0/1/2").RightAligned());
        foreach (var m in report.Engines)
        {
            table.AddRow(
                m.Engine == EngineKind.Reference ? $"reference (blocks of {m.Result.Summary.LaneSize:N0})" : EnumNames.Name(m.Engine),
                Kpis.Format(m.PathStepsPerSecond / 1e6, "F2"),
                Kpis.Format(m.WallSeconds, "F2"),
                Kpis.Format(m.AllocatedBytesPerPathStep, "F1"),
                Kpis.Format(m.PeakWorkingSetBytes / (1024.0 * 1024.0), "F0") + " MiB",
                $"{m.Gen0}/{m.Gen1}/{m.Gen2}");
        }
        table.Caption($"{Environment.ProcessorCount} cores, {Markup.Escape(RuntimeInformation.FrameworkDescription)}, " +
                      $"Vector256 {(Vector256.IsHardwareAccelerated ? "accelerated" : "not accelerated")}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(report.Identical
            ? "Summaries identical: [green]yes[/] (every field of summary.json but engine and lane_size)"
            : "Summaries identical: [red]no[/]");
    }
}

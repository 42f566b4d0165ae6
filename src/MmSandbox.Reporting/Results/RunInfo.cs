using MmSandbox.Reporting.IO;

namespace MmSandbox.Reporting.Results;

/// <summary>The wall-clock facts of one run: how it ran and how fast. Unlike the results, these differ between runs.</summary>
/// <param name="Engine">The engine's YAML name, e.g. <c>actors</c>.</param>
/// <param name="LaneSize">Paths per lane.</param>
/// <param name="PathSteps">Paths × steps simulated.</param>
/// <param name="WallSeconds">Elapsed wall-clock time of the simulation, in seconds.</param>
/// <param name="PathStepsPerSecond">Throughput: <paramref name="PathSteps"/> / <paramref name="WallSeconds"/>.</param>
/// <param name="StartedUtc">When the run started, ISO 8601 in UTC.</param>
/// <param name="MachineName">The host.</param>
/// <param name="ProcessorCount">Logical processors available.</param>
/// <param name="Runtime">The .NET runtime description.</param>
/// <param name="Version">The version of the program.</param>
public sealed record RunInfo(string Engine, int LaneSize, long PathSteps, double WallSeconds, double PathStepsPerSecond,
                             string StartedUtc, string MachineName, int ProcessorCount, string Runtime, string Version);

/// <summary>Writes <c>run_info.json</c>.</summary>
public static class RunInfoWriter
{
    /// <summary>The name of the file.</summary>
    public const string FileName = "run_info.json";

    /// <summary>Writes <paramref name="info"/> into <paramref name="outDir"/> (created if missing), atomically.</summary>
    public static void Write(string outDir, RunInfo info)
    {
        Directory.CreateDirectory(outDir);
        AtomicFile.Write(Path.Combine(outDir, FileName), stream =>
        {
            using (var json = new System.Text.Json.Utf8JsonWriter(stream, Json.Options))
            {
                json.WriteStartObject();
                json.WriteString("engine", info.Engine);
                json.WriteNumber("lane_size", info.LaneSize);
                json.WriteNumber("path_steps", info.PathSteps);
                Json.Number(json, "wall_seconds", info.WallSeconds);
                Json.Number(json, "path_steps_per_second", info.PathStepsPerSecond);
                json.WriteString("started_utc", info.StartedUtc);
                json.WriteString("machine_name", info.MachineName);
                json.WriteNumber("processor_count", info.ProcessorCount);
                json.WriteString("runtime", info.Runtime);
                json.WriteString("version", info.Version);
                json.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        });
    }
}

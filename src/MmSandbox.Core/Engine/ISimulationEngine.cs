using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;

namespace MmSandbox.Core.Engine;

/// <summary>Runs one scenario to its results. Every engine gives bit-identical results for the same configuration.</summary>
public interface ISimulationEngine
{
    /// <summary>Simulates <paramref name="config"/>; reports completed paths to <paramref name="progress"/>.</summary>
    Task<RunResult> RunAsync(SimulationConfig config, IProgress<long>? progress = null, CancellationToken cancellationToken = default);
}

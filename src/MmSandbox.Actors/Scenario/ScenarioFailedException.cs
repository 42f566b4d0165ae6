using MmSandbox.Actors.Protocol;

namespace MmSandbox.Actors.Scenario;

/// <summary>A scenario ended in <see cref="ScenarioFailed"/>: carries which actor, step and cause.</summary>
public sealed class ScenarioFailedException(ScenarioFailed failure) : Exception(failure.ToString(), failure.Cause)
{
    /// <summary>The failure report.</summary>
    public ScenarioFailed Failure { get; } = failure;
}

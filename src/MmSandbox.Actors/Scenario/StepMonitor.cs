namespace MmSandbox.Actors.Scenario;

/// <summary>
/// A heartbeat the virtual clock bumps each time a barrier releases, read by the engine's watchdog
/// from outside the actor system. It carries no simulated time and changes no result.
/// </summary>
public sealed class StepMonitor
{
    private long _beats;

    /// <summary>Barriers released so far.</summary>
    public long Beats => Interlocked.Read(ref _beats);

    /// <summary>Records one released barrier.</summary>
    public void Beat() => Interlocked.Increment(ref _beats);
}

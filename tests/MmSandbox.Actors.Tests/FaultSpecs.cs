using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Actors.Scenario;
using MmSandbox.Core.Config;

namespace MmSandbox.Actors.Tests;

/// <summary>Faults injected into a role: a throw at a chosen step, or silence from a chosen step on.</summary>
internal static class Faults
{
    public static RoleOverrides ThrowAt(string role, int step) => Role(role, Interceptor.Around(role, m =>
        m is IStepMessage { Step: var k } && k >= step ? throw new InvalidOperationException($"injected failure at step {k}") : m));

    public static RoleOverrides SilentFrom(string role, int step) => Role(role, Interceptor.Around(role, m =>
        m is IStepMessage { Step: var k } && k >= step ? null : m));

    private static RoleOverrides Role(string role, Func<Akka.Actor.Props, Akka.Actor.Props> wrap) => role switch
    {
        MarketMakerActor.Name => new RoleOverrides { MarketMaker = wrap },
        OrderFlowActor.Name => new RoleOverrides { OrderFlow = wrap },
        RecorderActor.Name => new RoleOverrides { Recorder = wrap },
        PriceFeedActor.Name => new RoleOverrides { PriceFeed = wrap },
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "no such role"),
    };
}

[Collection(nameof(ProcessWideResources))]
public sealed class FaultSpecs
{
    private static SimulationConfig Small(double watchdogSeconds = 60) => SimulationConfig.Paper with
    {
        Paths = 40,
        Output = new OutputConfig(RecordPaths: 2),
        Engine = SimulationConfig.Paper.Engine with { LaneSize = 16, WatchdogSeconds = watchdogSeconds },
    };

    [Theory]
    [InlineData(MarketMakerActor.Name, 0)]
    [InlineData(OrderFlowActor.Name, 17)]
    [InlineData(RecorderActor.Name, 200)]
    [InlineData(PriceFeedActor.Name, 3)]
    public async Task A_role_that_throws_ends_the_run_with_ScenarioFailed_naming_it_and_the_step(string role, int step)
    {
        var engine = new ActorEngine(new ActorEngineOptions(Roles: Faults.ThrowAt(role, step)));
        var e = await Assert.ThrowsAsync<ScenarioFailedException>(() => engine.RunAsync(Small()));
        Assert.Equal(role, e.Failure.Actor);
        Assert.Equal(step, e.Failure.Step);
        Assert.Contains("injected failure", e.Failure.Cause.Message);
    }

    [Theory]
    [InlineData(MarketMakerActor.Name, 5)]
    [InlineData(RecorderActor.Name, 200)]
    public async Task A_role_that_goes_silent_is_caught_by_the_watchdog_and_named(string role, int step)
    {
        var engine = new ActorEngine(new ActorEngineOptions(Roles: Faults.SilentFrom(role, step)));
        var e = await Assert.ThrowsAsync<ScenarioFailedException>(() => engine.RunAsync(Small(watchdogSeconds: 0.4)));
        Assert.Equal(role, e.Failure.Actor);
        Assert.Equal(step, e.Failure.Step);
        Assert.IsType<TimeoutException>(e.Failure.Cause);
        Assert.Contains("engine.watchdog_seconds", e.Failure.Cause.Message);
    }

    [Fact]
    public async Task A_normal_run_has_no_dead_letters()
    {
        var engine = new ActorEngine();
        await engine.RunAsync(Small() with { Paths = 300, Engine = Small().Engine with { LaneSize = 7, LanesInFlight = 5 } });
        Assert.Equal(0, engine.DeadLetters);
    }

    [Fact]
    public async Task Many_runs_failed_or_not_leave_no_actor_system_thread_or_file_handle_behind()
    {
        using var folder = new TempDirectory();
        async Task RunAll(int round)
        {
            for (int i = 0; i < 4; i++)
            {
                var log = Path.Combine(folder.Path, $"run-{round}-{i}.log");
                await new ActorEngine(new ActorEngineOptions(log)).RunAsync(Small());
                await Assert.ThrowsAsync<ScenarioFailedException>(() =>
                    new ActorEngine(new ActorEngineOptions(log, Roles: Faults.ThrowAt(OrderFlowActor.Name, 9))).RunAsync(Small()));
                await Assert.ThrowsAsync<ScenarioFailedException>(() =>
                    new ActorEngine(new ActorEngineOptions(log, Roles: Faults.SilentFrom(MarketMakerActor.Name, 9))).RunAsync(Small(watchdogSeconds: 0.2)));
            }
        }

        await RunAll(0);   // warm up: thread pools and JIT reach their steady state
        int threads = Threads(), handles = OpenFiles();
        await RunAll(1);

        Assert.Equal(0, ActorEngine.LiveSystems);
        Assert.InRange(OpenFiles(), 0, handles + 2);
        // Thread-pool threads come and go on their own; 12 further runs must not each leave threads behind.
        Assert.InRange(Threads(), 0, threads + 6);
        // Every log file is closed: it can be deleted and reopened exclusively.
        foreach (var log in Directory.GetFiles(folder.Path))
            using (File.Open(log, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
    }

    private static int Threads()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
    }

    private static int OpenFiles() => Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : 0;
}

/// <summary>Tests that count process-wide resources (threads, file handles, live systems) must not run beside others.</summary>
[CollectionDefinition(nameof(ProcessWideResources), DisableParallelization = true)]
public sealed class ProcessWideResources;

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mmsandbox-actors-" + Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

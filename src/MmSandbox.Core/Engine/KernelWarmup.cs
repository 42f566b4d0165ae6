using System.Reflection;
using System.Runtime.CompilerServices;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Engine;

/// <summary>
/// Compiles the model's hot kernels ahead of a run, once per process, on a thread of its own. The kernels are marked
/// AggressiveOptimization, which a ReadyToRun image leaves to the JIT, so without this a run's first lanes wait while
/// each kernel is compiled. Started while an ActorSystem starts (one core busy), the compiling takes the idle core.
/// It never changes a result: the code is what the first call would compile, and the first call waits for it if it
/// is not done yet.
/// </summary>
public static class KernelWarmup
{
    // The classes whose static vectors and tables the kernels read: initialised first, so the kernels compile against them.
    private static readonly Type[] Initialised = [typeof(CounterRngVector), typeof(OrderFlow)];
    private static readonly Type[] Kernels =
    [
        typeof(OrderFlow), typeof(Quoting), typeof(PriceProcess), typeof(Accounting),
        typeof(LaneRecorder), typeof(StepSeries), typeof(RunAccumulator), typeof(Statistics),
    ];
    private static readonly Lazy<Task> Compiled = new(() => Task.Factory.StartNew(Compile, CancellationToken.None,
        TaskCreationOptions.LongRunning, TaskScheduler.Default));

    /// <summary>Starts compiling the kernels (only the first call does); the task completes when they are compiled.</summary>
    public static Task Start() => Compiled.Value;

    /// <summary>The kernels: every method of the model and metrics classes marked AggressiveOptimization.</summary>
    public static IEnumerable<MethodInfo> KernelMethods() =>
        Kernels.SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0 && !method.ContainsGenericParameters);

    private static void Compile()
    {
        foreach (var type in Initialised) RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        foreach (var method in KernelMethods()) RuntimeHelpers.PrepareMethod(method.MethodHandle);
    }
}

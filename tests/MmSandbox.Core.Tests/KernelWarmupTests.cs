using System.Reflection;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Tests;

/// <summary>The warm-up compiles every kernel a run's first lanes would otherwise wait for.</summary>
public sealed class KernelWarmupTests
{
    [Fact]
    public void The_warm_up_covers_every_method_of_the_core_marked_aggressive_optimization()
    {
        // A kernel added anywhere in the core with the attribute must be warmed up too, or its first lanes wait for the JIT.
        var marked = typeof(OrderFlow).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0)
            .Select(Name).Order().ToArray();
        var warmed = KernelWarmup.KernelMethods().Select(Name).Order().ToArray();

        Assert.Equal(marked, warmed);
        Assert.Contains("OrderFlow.DrawFills", warmed);
        Assert.Contains("LaneRecorder.LookBack", warmed);
        Assert.Contains("StepSeries.AddLane", warmed);
    }

    [Fact]
    public async Task Starting_the_warm_up_twice_compiles_once_and_completes_without_error()
    {
        var first = KernelWarmup.Start();
        Assert.Same(first, KernelWarmup.Start());
        await first;
        Assert.True(first.IsCompletedSuccessfully);
    }

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";
}

using System.Collections;
using System.Reflection;
using MmSandbox.Core.Config;

namespace MmSandbox.Core.Tests;

/// <summary>
/// Test data that does not come from the code under test: a sequential SplitMix64 written out
/// here (Vigna's reference, state += φ·2^64 then mix), so sample data never shares code with CounterRng.
/// </summary>
internal sealed class TestRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        ulong z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double NextDouble(double from, double to) => from + (to - from) * NextDouble();

    /// <summary>Standard normal by Box–Muller.</summary>
    public double NextNormal() =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble())) * Math.Cos(2.0 * Math.PI * NextDouble());

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)(NextUInt64() % (ulong)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>One-field variations of a configuration.</summary>
internal static class Configs
{
    public static SimulationConfig WithStrategy(this SimulationConfig c, Strategy strategy) =>
        c with { MarketMaker = c.MarketMaker with { Strategy = strategy } };

    public static SimulationConfig WithGamma(this SimulationConfig c, double gamma) =>
        c with { MarketMaker = c.MarketMaker with { Gamma = gamma } };

    public static SimulationConfig WithMaxInventory(this SimulationConfig c, double? max) =>
        c with { MarketMaker = c.MarketMaker with { MaxInventory = max } };

    public static SimulationConfig WithFillProbability(this SimulationConfig c, FillProbability rule) =>
        c with { OrderFlow = c.OrderFlow with { FillProbability = rule } };

    public static SimulationConfig WithFillsPerStep(this SimulationConfig c, FillsPerStep rule) =>
        c with { OrderFlow = c.OrderFlow with { FillsPerStep = rule } };

    public static SimulationConfig WithFeeBps(this SimulationConfig c, double feeBps) =>
        c with { OrderFlow = c.OrderFlow with { FeeBps = feeBps } };

    public static SimulationConfig WithMarket(this SimulationConfig c, double mu, double sigma, PriceModel model) =>
        c with { Market = c.Market with { Mu = mu, Sigma = sigma, PriceModel = model } };
}

/// <summary>Compares two object graphs value by value, doubles by their bits (so NaN equals NaN and −0 differs from +0).</summary>
internal static class Bitwise
{
    public static void Equal(object? expected, object? actual, string path = "")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual}");
                return;
            case double e:
                {
                    var a = Assert.IsType<double>(actual);
                    Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a), $"{path}: {e:R} != {a:R}");
                    return;
                }
            case string or Enum or int or long or ulong or bool:
                Assert.True(expected.Equals(actual), $"{path}: {expected} != {actual}");
                return;
            case IEnumerable e when expected is not string:
                {
                    var left = e.Cast<object?>().ToList();
                    var right = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                    Assert.True(left.Count == right.Count, $"{path}: {left.Count} items != {right.Count} items");
                    for (int i = 0; i < left.Count; i++) Equal(left[i], right[i], $"{path}[{i}]");
                    return;
                }
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual!.GetType());
        var properties = expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .ToArray();
        Assert.NotEmpty(properties);
        foreach (var p in properties) Equal(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}");
    }
}

using MmSandbox.Core.Config;

namespace MmSandbox.Core.Model;

/// <summary>
/// The model's constants, resolved once from a <see cref="SimulationConfig"/> so that every engine
/// and every lane uses the very same doubles. Nothing here changes during a run.
/// </summary>
public sealed class ModelParameters
{
    /// <summary>Resolves and precomputes the constants of a valid configuration.</summary>
    public ModelParameters(SimulationConfig config)
    {
        config.EnsureValid();
        Seed = config.Seed;
        Paths = config.Paths;
        Steps = config.Steps;
        Dt = config.Dt;
        Horizon = Steps * config.Dt;
        S0 = config.Market.S0;
        Drift = config.Market.Mu * config.Dt;
        Volatility = config.Market.Sigma * Math.Sqrt(config.Dt);
        PriceModel = config.Market.PriceModel;
        IntensityDt = config.OrderFlow.A * config.Dt;
        FillDecay = config.OrderFlow.K;
        FillProbability = config.OrderFlow.FillProbability;
        FillsPerStep = config.OrderFlow.FillsPerStep;
        OrderSize = config.OrderFlow.OrderSize;
        FeeRate = config.OrderFlow.FeeBps * 1e-4;
        Strategy = config.MarketMaker.Strategy;
        Gamma = config.MarketMaker.Gamma;
        MakerSigma = config.MarketMaker.Sigma ?? config.Market.Sigma;
        MakerK = config.MarketMaker.K ?? config.OrderFlow.K;
        MaxInventory = config.MarketMaker.MaxInventory ?? double.PositiveInfinity;
        QuoteMid = config.MarketMaker.QuoteMid;
        IntensitySpread = Quoting.IntensitySpread(Gamma, MakerK);
        SymmetricSpread = Quoting.MeanQuotedSpread(Gamma, MakerSigma, Dt, Steps, MakerK);
    }

    /// <summary>Root of every random stream.</summary>
    public ulong Seed { get; }
    /// <summary>Number of paths.</summary>
    public int Paths { get; }
    /// <summary>N, the number of quoting steps.</summary>
    public int Steps { get; }
    /// <summary>dt, in model time units.</summary>
    public double Dt { get; }
    /// <summary>T = N·dt, in model time units.</summary>
    public double Horizon { get; }
    /// <summary>s0, in price units.</summary>
    public double S0 { get; }
    /// <summary>μ·dt: the deterministic part of a mid move.</summary>
    public double Drift { get; }
    /// <summary>σ·√dt: the size of a unit shock of the mid.</summary>
    public double Volatility { get; }
    /// <summary>The law of the mid increment.</summary>
    public PriceModel PriceModel { get; }
    /// <summary>A·dt: the fill probability at zero distance under the linear rule.</summary>
    public double IntensityDt { get; }
    /// <summary>k of the order flow: how fast the fill intensity decays with distance.</summary>
    public double FillDecay { get; }
    /// <summary>How λ becomes a probability.</summary>
    public FillProbability FillProbability { get; }
    /// <summary>Independent sides or at most one fill per step.</summary>
    public FillsPerStep FillsPerStep { get; }
    /// <summary>Units per fill.</summary>
    public double OrderSize { get; }
    /// <summary>Fee as a fraction of notional.</summary>
    public double FeeRate { get; }
    /// <summary>The maker's strategy.</summary>
    public Strategy Strategy { get; }
    /// <summary>γ.</summary>
    public double Gamma { get; }
    /// <summary>The σ in the maker's formulas.</summary>
    public double MakerSigma { get; }
    /// <summary>The k in the maker's formulas.</summary>
    public double MakerK { get; }
    /// <summary>The inventory limit; +∞ for none.</summary>
    public double MaxInventory { get; }
    /// <summary>The mid the maker quotes around.</summary>
    public QuoteMid QuoteMid { get; }
    /// <summary>(2/γ)·ln(1 + γ/k), the part of the spread that does not decay with time.</summary>
    public double IntensitySpread { get; }
    /// <summary>The symmetric strategy's constant full spread: the inventory strategy's mean over the quote times.</summary>
    public double SymmetricSpread { get; }

    /// <summary>τ = T − t at step <paramref name="step"/>, computed as (N − k)·dt.</summary>
    public double TimeLeft(int step) => (Steps - step) * Dt;

    /// <summary>t at step <paramref name="step"/>, in model time units.</summary>
    public double Time(int step) => step * Dt;
}

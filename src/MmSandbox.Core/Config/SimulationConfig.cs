namespace MmSandbox.Core.Config;

/// <summary>
/// One backtest, fully resolved: every field has a value. Model time is in the paper's units
/// (the horizon T = 1), prices in price units.
/// </summary>
/// <param name="Seed">Root of every random stream.</param>
/// <param name="Paths">Number of Monte Carlo paths, ≥ 1.</param>
/// <param name="Horizon">T, the trading horizon in model time units; a whole multiple of <paramref name="Dt"/>.</param>
/// <param name="Dt">The time step in model time units, &gt; 0.</param>
/// <param name="Market">The mid-price process.</param>
/// <param name="OrderFlow">Arrivals and fills.</param>
/// <param name="MarketMaker">The maker under study.</param>
/// <param name="Metrics">What is measured.</param>
/// <param name="Output">What is written row by row.</param>
/// <param name="Engine">How the run is executed (never changes a result).</param>
public sealed record SimulationConfig(
    ulong Seed,
    int Paths,
    double Horizon,
    double Dt,
    MarketConfig Market,
    OrderFlowConfig OrderFlow,
    MarketMakerConfig MarketMaker,
    MetricsConfig Metrics,
    OutputConfig Output,
    EngineConfig Engine)
{
    /// <summary>The paper's setup (Avellaneda &amp; Stoikov 2008, section 4): s0 = 100, T = 1, σ = 2, dt = 0.005, A = 140, k = 1.5, γ = 0.1, 1000 paths.</summary>
    public static SimulationConfig Paper { get; } = new(
        Seed: 42,
        Paths: 1000,
        Horizon: 1.0,
        Dt: 0.005,
        Market: new MarketConfig(S0: 100, Mu: 0, Sigma: 2, PriceModel: PriceModel.Binomial),
        OrderFlow: new OrderFlowConfig(A: 140, K: 1.5, FillProbability: FillProbability.Linear, OrderSize: 1, FeeBps: 0, FillsPerStep: FillsPerStep.Independent),
        MarketMaker: new MarketMakerConfig(Strategy.AvellanedaStoikov, Gamma: 0.1, MaxInventory: null, Sigma: null, K: null, QuoteMid: QuoteMid.Current),
        Metrics: new MetricsConfig(MarkoutHorizons: [1, 5, 10], AdverseHorizonSteps: 10, VarHorizonSteps: 10, VarLevels: [0.95, 0.99]),
        Output: new OutputConfig(RecordPaths: 100),
        Engine: new EngineConfig(EngineKind.Actors, LaneSize: 4096, LanesInFlight: 4, WatchdogSeconds: 60, Pipelines: 2));

    /// <summary>
    /// Extra market participants (noise and informed takers, competing makers) that join the step protocol
    /// beside the maker under study; empty for the paper's model.
    /// </summary>
    public IReadOnlyList<ParticipantConfig> Participants { get; init; } = [];

    /// <summary>Which protocol messages the actor engine traces for debugging (never changes a result); off by default.</summary>
    public TraceConfig Trace { get; init; } = TraceConfig.Off;

    /// <summary>The most paths one run may simulate (its per-path results take 40 bytes a path).</summary>
    public const int MaxPaths = 100_000_000;

    /// <summary>N = T / dt, the number of quoting steps.</summary>
    public int Steps => (int)Math.Round(Horizon / Dt);

    /// <summary>Every rule broken by this configuration, each with its field path.</summary>
    public IReadOnlyList<ConfigError> Validate()
    {
        var errors = new List<ConfigError>();
        if (Paths < 1 || Paths > MaxPaths)
            errors.Add(new ConfigError("paths", $"must be an integer in [1, {MaxPaths:N0}]", Paths));
        if (!Rules.IsFinitePositive(Dt))
            errors.Add(new ConfigError("dt", "must be a finite number > 0", Dt));
        if (!Rules.IsFinitePositive(Horizon))
            errors.Add(new ConfigError("horizon", "must be a finite number > 0", Horizon));
        if (Rules.IsFinitePositive(Dt) && Rules.IsFinitePositive(Horizon))
        {
            double ratio = Horizon / Dt;
            if (Math.Abs(ratio - Math.Round(ratio)) > 1e-9 * Math.Max(1.0, ratio) || Math.Round(ratio) < 1)
                errors.Add(new ConfigError("horizon", $"must be a whole multiple (≥ 1) of dt = {Rules.Format(Dt)}; horizon / dt = {Rules.Format(ratio)}", Horizon));
            else if (ratio > 10_000_000)
                errors.Add(new ConfigError("horizon", "horizon / dt must be at most 10,000,000 steps", Horizon));
        }
        errors.AddRange(Market.Validate("market"));
        errors.AddRange(OrderFlow.Validate("order_flow"));
        errors.AddRange(MarketMaker.Validate("market_maker"));
        int steps = errors.Any(e => e.Path is "dt" or "horizon") ? int.MaxValue : Steps;
        errors.AddRange(Metrics.Validate("metrics", steps));
        errors.AddRange(Output.Validate("output"));
        if (steps != int.MaxValue && Output.RecordPaths > 0)
        {
            // Recorded rows are held in memory until written (64 bytes each) and written as ~110 bytes of CSV.
            long rows = (long)Math.Min(Output.RecordPaths, Math.Max(Paths, 0)) * (steps + 1L);
            if (rows > OutputConfig.MaxRecordedRows)
                errors.Add(new ConfigError("output.record_paths",
                    $"would write {rows:N0} timeseries rows (record_paths × (steps + 1)), about {rows * 110 / 1e9:0.#} GB; at most {OutputConfig.MaxRecordedRows:N0} rows are allowed: lower output.record_paths",
                    Output.RecordPaths));
        }
        errors.AddRange(Engine.Validate("engine"));
        errors.AddRange(ParticipantConfig.ValidateAll(Participants, "participants"));
        // Each participant keeps 24 bytes a path (terminal PnL, inventory, trade counts) beside the maker's 40.
        long perPathBytes = 40 + 24L * Participants.Count;
        if (Participants.Count > 0 && Paths <= MaxPaths && (long)Paths * perPathBytes > 40L * MaxPaths)
            errors.Add(new ConfigError("participants",
                $"{Participants.Count} participants over {Paths:N0} paths would keep {(long)Paths * perPathBytes / 1e9:0.#} GB of per-path results; at most {40L * MaxPaths / 1e9:0.#} GB are allowed: use fewer paths or participants"));
        errors.AddRange(Trace.Validate("trace", Paths, steps, Engine.Kind));
        return errors;
    }

    /// <summary>This configuration if valid; otherwise a <see cref="ConfigException"/> with every error.</summary>
    public SimulationConfig EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ConfigException(errors);
    }
}

/// <summary>The synthetic mid-price.</summary>
/// <param name="S0">Initial mid price, in price units.</param>
/// <param name="Mu">Drift μ, in price units per unit of model time.</param>
/// <param name="Sigma">Volatility σ, in price units per √(model time), ≥ 0.</param>
/// <param name="PriceModel">The law of the increment.</param>
public sealed record MarketConfig(double S0, double Mu, double Sigma, PriceModel PriceModel)
{
    /// <summary>Every rule broken, with field paths under <paramref name="path"/>.</summary>
    public IEnumerable<ConfigError> Validate(string path)
    {
        if (!double.IsFinite(S0))
            yield return new ConfigError($"{path}.s0", "must be a finite number", S0);
        if (!double.IsFinite(Mu))
            yield return new ConfigError($"{path}.mu", "must be a finite number", Mu);
        if (!(Sigma >= 0) || double.IsInfinity(Sigma))
            yield return new ConfigError($"{path}.sigma", "must be a finite number ≥ 0", Sigma);
    }
}

/// <summary>How many fills one step may bring.</summary>
public enum FillsPerStep
{
    /// <summary>Each side draws independently, so both may fill in one step (the paper's).</summary>
    Independent,
    /// <summary>One uniform draw per step, at most one fill, the ask checked first (the original Python study's).</summary>
    One,
}

/// <summary>Which mid the maker quotes around.</summary>
public enum QuoteMid
{
    /// <summary>The mid of the current step (the paper's).</summary>
    Current,
    /// <summary>The mid of the previous step (the original Python study's); at step 0 the initial mid.</summary>
    Previous,
}

/// <summary>The arrival of market orders that hit the maker's quotes.</summary>
/// <param name="A">Intensity scale A of λ(δ) = A·e^(−k·δ), in arrivals per unit of model time, &gt; 0.</param>
/// <param name="K">Decay k of λ(δ), per price unit, &gt; 0.</param>
/// <param name="FillProbability">How λ becomes a per-step probability.</param>
/// <param name="OrderSize">Units traded per fill, &gt; 0.</param>
/// <param name="FeeBps">Fee paid by the maker per fill, in basis points of the traded notional, ≥ 0.</param>
/// <param name="FillsPerStep">Independent sides (the paper) or at most one fill per step.</param>
public sealed record OrderFlowConfig(double A, double K, FillProbability FillProbability, double OrderSize, double FeeBps, FillsPerStep FillsPerStep)
{
    /// <summary>Every rule broken, with field paths under <paramref name="path"/>.</summary>
    public IEnumerable<ConfigError> Validate(string path)
    {
        if (!Rules.IsFinitePositive(A))
            yield return new ConfigError($"{path}.A", "must be a finite number > 0", A);
        if (!Rules.IsFinitePositive(K))
            yield return new ConfigError($"{path}.k", "must be a finite number > 0", K);
        if (!Rules.IsFinitePositive(OrderSize))
            yield return new ConfigError($"{path}.order_size", "must be a finite number > 0", OrderSize);
        if (!(FeeBps >= 0) || double.IsInfinity(FeeBps))
            yield return new ConfigError($"{path}.fee_bps", "must be a finite number ≥ 0", FeeBps);
    }
}

/// <summary>The market maker under study.</summary>
/// <param name="Strategy">How it quotes.</param>
/// <param name="Gamma">Risk aversion γ, per price unit, &gt; 0.</param>
/// <param name="MaxInventory">At |q| = this limit the side that would exceed it is not quoted; null for no limit.</param>
/// <param name="Sigma">The σ the maker believes in; null means the market's.</param>
/// <param name="K">The k the maker believes in; null means the order flow's.</param>
/// <param name="QuoteMid">The mid the maker quotes around.</param>
public sealed record MarketMakerConfig(Strategy Strategy, double Gamma, double? MaxInventory, double? Sigma, double? K, QuoteMid QuoteMid)
{
    /// <summary>Every rule broken, with field paths under <paramref name="path"/>.</summary>
    public IEnumerable<ConfigError> Validate(string path)
    {
        if (!Rules.IsFinitePositive(Gamma))
            yield return new ConfigError($"{path}.gamma", "must be a finite number > 0", Gamma);
        if (MaxInventory is { } max && !(max >= 0 && double.IsFinite(max)))
            yield return new ConfigError($"{path}.max_inventory", "must be null (no limit) or a finite number ≥ 0", max);
        if (Sigma is { } s && !(s >= 0 && double.IsFinite(s)))
            yield return new ConfigError($"{path}.sigma", "must be null (the market's σ) or a finite number ≥ 0", s);
        if (K is { } k && !Rules.IsFinitePositive(k))
            yield return new ConfigError($"{path}.k", "must be null (the order flow's k) or a finite number > 0", k);
    }
}

/// <summary>What the metrics recorder measures.</summary>
/// <param name="MarkoutHorizons">Markout horizons in steps, each ≥ 1 and below the number of steps.</param>
/// <param name="AdverseHorizonSteps">h of the adverse-selection rate, in steps.</param>
/// <param name="VarHorizonSteps">h of the inventory-shock VaR q_t·(mid_{t+h} − mid_t), in steps.</param>
/// <param name="VarLevels">Confidence levels of VaR and expected shortfall, each in (0, 1).</param>
public sealed record MetricsConfig(IReadOnlyList<int> MarkoutHorizons, int AdverseHorizonSteps, int VarHorizonSteps, IReadOnlyList<double> VarLevels)
{
    /// <summary>The longest look-ahead any metric needs, in steps.</summary>
    public int MaxHorizon => Math.Max(Math.Max(AdverseHorizonSteps, VarHorizonSteps), MarkoutHorizons.Count == 0 ? 0 : MarkoutHorizons.Max());

    /// <summary>Every rule broken, with field paths under <paramref name="path"/>.</summary>
    public IEnumerable<ConfigError> Validate(string path, int steps)
    {
        if (MarkoutHorizons.Count == 0)
            yield return new ConfigError($"{path}.markout_horizons", "must list at least one horizon");
        for (int i = 0; i < MarkoutHorizons.Count; i++)
        {
            int h = MarkoutHorizons[i];
            if (h < 1 || h >= steps)
                yield return new ConfigError($"{path}.markout_horizons[{i}]", $"must be an integer in [1, {Rules.StepsBound(steps)}) steps", h);
            else if (MarkoutHorizons.Take(i).Contains(h))
                yield return new ConfigError($"{path}.markout_horizons[{i}]", "is listed twice; each horizon must be listed once", h);
        }
        if (AdverseHorizonSteps < 1 || AdverseHorizonSteps >= steps)
            yield return new ConfigError($"{path}.adverse_horizon_steps", $"must be an integer in [1, {Rules.StepsBound(steps)}) steps", AdverseHorizonSteps);
        if (VarHorizonSteps < 1 || VarHorizonSteps >= steps)
            yield return new ConfigError($"{path}.var_horizon_steps", $"must be an integer in [1, {Rules.StepsBound(steps)}) steps", VarHorizonSteps);
        if (VarLevels.Count == 0)
            yield return new ConfigError($"{path}.var_levels", "must list at least one level");
        for (int i = 0; i < VarLevels.Count; i++)
        {
            double level = VarLevels[i];
            if (!(level > 0 && level < 1))
                yield return new ConfigError($"{path}.var_levels[{i}]", "must be a number in (0, 1), e.g. 0.95", level);
            else if (VarLevels.Take(i).Contains(level))
                yield return new ConfigError($"{path}.var_levels[{i}]", "is listed twice; each level must be listed once", level);
        }
    }
}

/// <summary>What is written row by row.</summary>
/// <param name="RecordPaths">How many paths (the first ones) go to timeseries.csv and trades.csv; 0 writes none.</param>
public sealed record OutputConfig(int RecordPaths)
{
    /// <summary>The most paths that may be recorded row by row.</summary>
    public const int MaxRecordPaths = 100_000;

    /// <summary>The most timeseries rows (recorded paths × (steps + 1)) one run may write: about 0.5 GB of CSV.</summary>
    public const long MaxRecordedRows = 5_000_000;

    /// <summary>Every rule broken, with field paths under <paramref name="path"/>.</summary>
    public IEnumerable<ConfigError> Validate(string path)
    {
        if (RecordPaths < 0 || RecordPaths > MaxRecordPaths)
            yield return new ConfigError($"{path}.record_paths", $"must be an integer in [0, {MaxRecordPaths:N0}]", RecordPaths);
    }
}

/// <summary>How the simulation is executed; never changes a result.</summary>
/// <param name="Kind">Which engine.</param>
/// <param name="LaneSize">Paths carried by one message (a lane), ≥ 1.</param>
/// <param name="LanesInFlight">Lanes simulated at the same time by the actor engine, ≥ 1.</param>
/// <param name="WatchdogSeconds">
/// Wall-clock seconds the actor engine waits for any step to complete before it declares the scenario
/// stuck and names the participant it is waiting for, &gt; 0.
/// </param>
/// <param name="Pipelines">
/// Role pipelines of the actor engine (each a price feed, maker, order flow and recorder on its own lanes),
/// so that several cores work inside one scenario; at most <paramref name="LanesInFlight"/> are used, ≥ 1.
/// </param>
public sealed record EngineConfig(EngineKind Kind, int LaneSize, int LanesInFlight, double WatchdogSeconds, int Pipelines)
{
    /// <summary>The largest lane allowed.</summary>
    public const int MaxLaneSize = 1 << 20;

    /// <summary>Every rule broken, with field paths under <paramref name="path"/>.</summary>
    public IEnumerable<ConfigError> Validate(string path)
    {
        if (LaneSize < 1 || LaneSize > MaxLaneSize)
            yield return new ConfigError($"{path}.lane_size", $"must be an integer in [1, {MaxLaneSize}]", LaneSize);
        if (LanesInFlight < 1 || LanesInFlight > 1024)
            yield return new ConfigError($"{path}.lanes_in_flight", "must be an integer in [1, 1024]", LanesInFlight);
        if (Pipelines < 1 || Pipelines > 64)
            yield return new ConfigError($"{path}.pipelines", "must be an integer in [1, 64]", Pipelines);
        if (!(WatchdogSeconds > 0 && WatchdogSeconds <= 86_400))
            yield return new ConfigError($"{path}.watchdog_seconds", "must be a number of seconds in (0, 86400]", WatchdogSeconds);
    }
}

internal static class Rules
{
    public static bool IsFinitePositive(double x) => x > 0 && double.IsFinite(x);

    public static string Format(double x) => x.ToString("G10", System.Globalization.CultureInfo.InvariantCulture);

    public static string StepsBound(int steps) => steps == int.MaxValue ? "steps" : steps.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

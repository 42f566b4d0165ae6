using System.Text.Json;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Results;

namespace MmSandbox.Reporting.Tests;

public sealed class ResultWriterTests
{
    // Two steps (horizon 0.02, dt 0.01), so every look-ahead is one step.
    private static readonly SimulationConfig Config = SimulationConfig.Paper with
    {
        Horizon = 0.02,
        Dt = 0.01,
        Paths = 2,
        Metrics = new MetricsConfig([1], AdverseHorizonSteps: 1, VarHorizonSteps: 1, VarLevels: [0.95, 0.99]),
    };

    private static RecordedPath PathThree()
    {
        var p = new RecordedPath(path: 3, steps: 2);
        double[] mid = [100, 100.5, 99.75], reservation = [100, 100.25, double.NaN], bid = [99, 99.5, double.NaN],
            ask = [101, 101.5, double.NaN], spread = [2, 2, double.NaN], inventory = [0, 1, 1], cash = [0, -99.5, -99.5],
            pnl = [0, 1, 0.25];
        mid.CopyTo(p.Mid, 0);
        reservation.CopyTo(p.Reservation, 0);
        bid.CopyTo(p.Bid, 0);
        ask.CopyTo(p.Ask, 0);
        spread.CopyTo(p.Spread, 0);
        inventory.CopyTo(p.Inventory, 0);
        cash.CopyTo(p.Cash, 0);
        pnl.CopyTo(p.Pnl, 0);
        p.Trades.Add(new TradeRecord(1, TradeSide.Buy, Price: 99.5, Size: 1, Mid: 100.5, Fee: 0, Inventory: 1, Cash: -99.5));
        return p;
    }

    private static RecordedPath PathSeven()
    {
        var p = new RecordedPath(path: 7, steps: 2);
        p.Trades.Add(new TradeRecord(0, TradeSide.Sell, Price: 101, Size: 2, Mid: 100, Fee: 0.0202, Inventory: -2, Cash: 201.9798));
        return p;
    }

    private static RunSummary Summary() => new()
    {
        Seed = 42,
        Paths = 2,
        Steps = 2,
        Dt = 0.01,
        Horizon = 0.02,
        Engine = EngineKind.Actors,
        LaneSize = 1024,
        Strategy = Strategy.AvellanedaStoikov,
        Gamma = 0.1,
        SpreadMean = 2,
        PnlMean = 0.5,
        PnlStd = 0,
        PnlMin = 0.25,
        PnlP05 = 0.25,
        PnlP25 = 0.25,
        PnlP50 = 0.5,
        PnlP75 = 0.75,
        PnlP95 = 0.75,
        PnlMax = double.PositiveInfinity,
        PnlSharpe = double.NaN,
        MaxDrawdownMean = 0.75,
        TailRisk = [new TailRisk(0.95, -0.25, -0.25), new TailRisk(0.99, -0.125, -0.0625)],
        FinalInventoryMean = -0.5,
        FinalInventoryStd = 2.1213203435596424,
        InventoryStd = 1.5,
        InventoryAbsMean = 1,
        InventoryAbsMax = 2,
        TimeAtMaxInventory = 0,
        TradesPerPathMean = 1,
        BidFillsPerPathMean = 0.5,
        AskFillsPerPathMean = 0.5,
        Markouts =
        [
            new MarkoutStats(1, 2, 0.25, 0.5, -0.5, 0, 0.25, 0.5, 1, 0.5),
            new MarkoutStats(5, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN),
        ],
        AdverseHorizonSteps = 10,
        AdverseSelectionRate = 0.5,
        VarHorizonSteps = 10,
        InventoryVar = [new TailRisk(0.95, 1.5, double.NaN), new TailRisk(0.99, 2, double.NaN)],
    };

    private static RunResult Result() => new(Summary(), [PathThree(), PathSeven()], [0.25, 0.75], [1, -2], []);

    [Fact]
    public void The_timeseries_has_one_row_per_recorded_step_and_writes_a_missing_quote_as_an_empty_field()
    {
        using var folder = new TempFolder();

        ResultWriter.Write(folder.Path, Config, Result());

        var lines = File.ReadAllText(folder.File("timeseries.csv")).Split('\n');
        Assert.Equal("path,step,t,mid,reservation,bid,ask,spread,inventory,cash,pnl", lines[0]);
        Assert.Equal("3,0,0,100,100,99,101,2,0,0,0", lines[1]);
        Assert.Equal("3,1,0.01,100.5,100.25,99.5,101.5,2,1,-99.5,1", lines[2]);
        Assert.Equal("3,2,0.02,99.75,,,,,1,-99.5,0.25", lines[3]);
        Assert.Equal("7,0,0,0,0,0,0,0,0,0,0", lines[4]);
        Assert.Equal(1 + 3 + 3 + 1, lines.Length); // header, 3 rows per path, and the empty string after the last \n
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void Trades_are_written_in_path_order_with_the_side_spelled_out()
    {
        using var folder = new TempFolder();

        ResultWriter.Write(folder.Path, Config, Result());

        Assert.Equal(
            "path,step,t,side,price,size,mid,fee,inventory,cash\n" +
            "3,1,0.01,buy,99.5,1,100.5,0,1,-99.5\n" +
            "7,0,0,sell,101,2,100,0.0202,-2,201.9798\n",
            File.ReadAllText(folder.File("trades.csv")));
    }

    [Fact]
    public void The_summary_keys_come_in_the_documented_order()
    {
        using var folder = new TempFolder();

        ResultWriter.Write(folder.Path, Config, Result());

        using var summary = SummaryReader.Read(folder.File("summary.json"));
        string[] expected =
        [
            "seed", "paths", "steps", "dt", "horizon", "engine", "lane_size", "strategy", "gamma", "spread_mean",
            "pnl_mean", "pnl_std", "pnl_min", "pnl_p05", "pnl_p25", "pnl_p50", "pnl_p75", "pnl_p95", "pnl_max",
            "pnl_sharpe", "max_drawdown_mean", "var_95", "var_99", "cvar_95", "cvar_99", "final_pnl",
            "final_inventory_mean", "final_inventory_std", "final_inventory", "inventory_std", "inventory_abs_mean",
            "inventory_abs_max", "time_at_max_inventory", "trades_per_path_mean", "n_trades", "bid_fills_per_path_mean",
            "ask_fills_per_path_mean", "markout_mean", "markout", "adverse_horizon_steps", "adverse_selection_rate",
            "var_horizon_steps", "var_95_inv", "var_99_inv",
        ];
        Assert.Equal(expected, summary.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["count", "mean", "std", "p05", "p25", "p50", "p75", "p95", "negative_share"],
            summary.RootElement.GetProperty("markout").GetProperty("1").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_summary_writes_nan_and_infinity_as_null_and_names_enums_in_yaml_spelling()
    {
        using var folder = new TempFolder();

        ResultWriter.Write(folder.Path, Config, Result());

        using var summary = SummaryReader.Read(folder.File("summary.json"));
        var root = summary.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("pnl_sharpe").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("pnl_max").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("markout_mean").GetProperty("5").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("markout").GetProperty("5").GetProperty("p95").ValueKind);
        Assert.Equal("actors", root.GetProperty("engine").GetString());
        Assert.Equal("avellaneda-stoikov", root.GetProperty("strategy").GetString());
    }

    [Fact]
    public void The_summary_repeats_kpis_under_the_original_studys_names()
    {
        using var folder = new TempFolder();

        ResultWriter.Write(folder.Path, Config, Result());

        using var summary = SummaryReader.Read(folder.File("summary.json"));
        var root = summary.RootElement;
        Assert.Equal(0.5, root.GetProperty("final_pnl").GetDouble());
        Assert.Equal(-0.5, root.GetProperty("final_inventory").GetDouble());
        Assert.Equal(1, root.GetProperty("n_trades").GetDouble());
        Assert.Equal(-0.0625, root.GetProperty("cvar_99").GetDouble());
        Assert.Equal(2, root.GetProperty("var_99_inv").GetDouble());
        Assert.Equal(0.25, root.GetProperty("markout_mean").GetProperty("1").GetDouble());
        Assert.Equal(2, root.GetProperty("markout").GetProperty("1").GetProperty("count").GetInt64());
    }

    [Fact]
    public void Summary_numbers_are_in_shortest_round_trip_form()
    {
        using var folder = new TempFolder();

        ResultWriter.Write(folder.Path, Config, Result());

        using var summary = SummaryReader.Read(folder.File("summary.json"));
        Assert.Equal("0.1", summary.RootElement.GetProperty("gamma").GetRawText());
        Assert.Equal("2.1213203435596424", summary.RootElement.GetProperty("final_inventory_std").GetRawText());
        Assert.Equal("42", summary.RootElement.GetProperty("seed").GetRawText());
    }

    [Fact]
    public void Every_file_is_utf8_without_a_byte_order_mark_and_with_unix_line_endings()
    {
        using var folder = new TempFolder();

        ResultWriter.Write(folder.Path, Config, Result());

        foreach (var name in new[] { "config_used.yaml", "timeseries.csv", "trades.csv", "summary.json" })
        {
            var bytes = File.ReadAllBytes(folder.File(name));
            Assert.NotEqual(0xEF, bytes[0]);
            Assert.DoesNotContain((byte)'\r', bytes);
            Assert.Equal((byte)'\n', bytes[^1]);
        }
    }

    [Fact]
    public void Writing_the_same_result_twice_gives_identical_files()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        ResultWriter.Write(first.Path, Config, Result());
        ResultWriter.Write(second.Path, Config, Result());

        foreach (var name in new[] { "config_used.yaml", "timeseries.csv", "trades.csv", "summary.json" })
            Assert.Equal(File.ReadAllBytes(first.File(name)), File.ReadAllBytes(second.File(name)));
    }

    [Fact]
    public void The_config_file_holds_the_resolved_configuration()
    {
        using var folder = new TempFolder();

        ResultWriter.Write(folder.Path, Config, Result());

        ConfigAssert.Equal(Config, ConfigLoader.Load(folder.File("config_used.yaml")));
    }

    [Fact]
    public void A_failed_write_leaves_no_summary_even_when_an_earlier_run_left_one()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("summary.json"), "{}");
        var broken = PathThree();
        broken.Trades.Add(new TradeRecord(2, (TradeSide)9, 1, 1, 1, 0, 0, 0));
        var result = Result() with { RecordedPaths = [broken] };

        Assert.ThrowsAny<ArgumentException>(() => ResultWriter.Write(folder.Path, Config, result));

        Assert.False(File.Exists(folder.File("summary.json")));
        Assert.True(File.Exists(folder.File("timeseries.csv")));
        Assert.False(File.Exists(folder.File("trades.csv")));
    }

    [Fact]
    public void Run_info_is_written_with_snake_case_keys_in_order()
    {
        using var folder = new TempFolder();
        var info = new RunInfo("actors", 1024, 200_000, 0.5, 400_000, "2025-01-02T03:04:05Z", "host", 8, ".NET 10.0.0", "1.0.0");

        RunInfoWriter.Write(folder.Path, info);

        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("run_info.json")));
        Assert.Equal(
            ["engine", "lane_size", "path_steps", "wall_seconds", "path_steps_per_second", "started_utc", "machine_name", "processor_count", "runtime", "version"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200_000, json.RootElement.GetProperty("path_steps").GetInt64());
        Assert.Equal("2025-01-02T03:04:05Z", json.RootElement.GetProperty("started_utc").GetString());
    }
}

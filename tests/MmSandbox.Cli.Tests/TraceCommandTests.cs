namespace MmSandbox.Cli.Tests;

/// <summary><c>run --trace FILE</c> and <c>mmsandbox trace FILE</c> with its filters, as a user runs them.</summary>
public sealed class TraceCommandTests : IDisposable
{
    private readonly Workspace _ws = Workspace.Create();

    public void Dispose() => _ws.Dispose();

    /// <summary>One traced run of 20 paths, steps 0 … 3 of paths 0 and 5.</summary>
    private Outcome TracedRun(string file = "debug/t.jsonl") =>
        _ws.Run("run", "--paths", "20", "--out", "out", "--trace", file, "--set", "trace.paths=[0, 5]", "--set", "trace.steps=0..3");

    [Fact]
    public void Run_with_trace_writes_the_file_keeps_config_used_without_a_trace_and_names_the_file()
    {
        var run = TracedRun();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("debug/t.jsonl", run.Stdout);
        var lines = File.ReadAllLines(_ws.PathOf("debug/t.jsonl"));
        Assert.Equal(2 * 4 * 11, lines.Length);   // 2 paths × 4 steps × 11 messages
        Assert.StartsWith("""{"time":0,"step":0,"path":0,"sender":"clock","receiver":"price-feed","type":"Tick","payload":{}}""", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("trace", _ws.Read("out/config_used.yaml"), StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.PathOf("out/trace.jsonl")));
    }

    [Fact]
    public void Trace_filters_by_path_step_actor_and_kind_one_message_a_line_off_a_terminal()
    {
        Assert.Equal(0, TracedRun().ExitCode);

        var all = _ws.Run("trace", "debug/t.jsonl");
        var fills = _ws.Run("trace", "debug/t.jsonl", "--path", "5", "--step", "1..2", "--actor", "recorder", "--kind", "Fills");
        var two = _ws.Run("trace", "debug/t.jsonl", "--path", "0", "--step", "3", "--kind", "Quotes,Fills");

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(88, all.StdoutLines.Count(l => l.Length > 0));
        Assert.Contains("88 of 88 messages", all.Stderr);
        Assert.True(fills.ExitCode == 0, fills.ToString());
        var shown = fills.StdoutLines.Where(l => l.Length > 0).ToList();
        Assert.Equal(2, shown.Count);
        Assert.All(shown, l => Assert.Matches(@"^0\.0(05|1) +[12] +5  order-flow → recorder  Fills  quotes\.reservation=\S+ quotes\.bid=\S+ quotes\.ask=\S+ quotes\.spread=\S+ quotes\.maker=market-maker bid_filled=(true|false) ask_filled=(true|false)$", l));
        Assert.Equal(["Quotes", "Fills", "Fills"], two.StdoutLines.Where(l => l.Length > 0).Select(l => System.Text.RegularExpressions.Regex.Match(l, @"→ \S+  (\S+)").Groups[1].Value));
    }

    [Fact]
    public void Book_follows_each_fill_to_inventory_cash_and_pnl_exactly_as_the_run_recorded_them()
    {
        var run = _ws.Run("run", "--paths", "20", "--out", "out", "--trace", "t.jsonl", "--set", "trace.paths=[5]", "--set", "trace.kinds=[MidPrice, Fills]");
        Assert.True(run.ExitCode == 0, run.ToString());

        var shown = _ws.Run("trace", "t.jsonl", "--actor", "recorder", "--book", "out/config_used.yaml");

        Assert.True(shown.ExitCode == 0, shown.ToString());
        // timeseries.csv: path,step,t,mid,reservation,bid,ask,spread,inventory,cash,pnl
        var rows = File.ReadLines(_ws.PathOf("out/timeseries.csv")).Skip(1).Select(l => l.Split(',')).Where(c => c[0] == "5")
            .ToDictionary(c => int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture), c => $"inventory={c[8]} cash={c[9]} pnl={c[10]}");
        var books = shown.StdoutLines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\S+ +(\d+) .*book (after the fills|close): (.*)$"))
            .Where(m => m.Success).ToList();
        Assert.Equal(201, books.Count);   // steps 0 … 199 after the fills, and the close
        Assert.All(books, m => Assert.Equal(rows[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)], m.Groups[3].Value));
        Assert.Equal("close", books[^1].Groups[2].Value);
    }

    [Fact]
    public void Trace_of_a_missing_file_a_malformed_line_or_a_bad_step_range_exits_2_with_a_clear_message()
    {
        Assert.Equal(0, TracedRun().ExitCode);
        var text = File.ReadAllLines(_ws.PathOf("debug/t.jsonl")).ToList();
        text.Insert(4, "{\"time\": oops}");
        _ws.Write("broken.jsonl", string.Join("\n", text) + "\n");

        var missing = _ws.Run("trace", "nothing.jsonl");
        var broken = _ws.Run("trace", "broken.jsonl");
        var backwards = _ws.Run("trace", "debug/t.jsonl", "--step", "9..2");
        var word = _ws.Run("trace", "debug/t.jsonl", "--step", "first");

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("trace file 'nothing.jsonl' does not exist", missing.Stderr);
        Assert.True(broken.ExitCode == 2, broken.ToString());
        Assert.Contains("broken.jsonl:5: not a JSON line", broken.Stderr);
        Assert.True(backwards.ExitCode == 2, backwards.ToString());
        Assert.Contains("--step must be a step (5) or a range A..B", backwards.Stderr);
        Assert.Equal(2, word.ExitCode);
        foreach (var run in new[] { missing, broken, backwards, word }) Cli.AssertNoStackTrace(run);
    }

    [Fact]
    public void Run_with_trace_on_the_reference_engine_or_into_a_folder_exits_2_and_writes_nothing()
    {
        Directory.CreateDirectory(_ws.PathOf("a-folder"));

        var reference = _ws.Run("run", "--paths", "20", "--out", "out", "--engine", "reference", "--trace", "t.jsonl");
        var folder = _ws.Run("run", "--paths", "20", "--out", "out", "--trace", "a-folder");

        Assert.True(reference.ExitCode == 2, reference.ToString());
        Assert.Contains("trace.enabled: tracing needs engine.kind: actors", reference.Stderr);
        Assert.True(folder.ExitCode == 2, folder.ToString());
        Assert.Contains("--trace 'a-folder' is a folder", folder.Stderr);
        Assert.False(Directory.Exists(_ws.PathOf("out")));
        Assert.False(File.Exists(_ws.PathOf("t.jsonl")));
    }

    [Fact]
    public void Scenarios_refuses_trace_and_points_to_the_per_cell_trace_of_the_config()
    {
        var run = _ws.Run("scenarios", "--trace", "t.jsonl");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--set trace.enabled=true", run.Stderr);
    }
}

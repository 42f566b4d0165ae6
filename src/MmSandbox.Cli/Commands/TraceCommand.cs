using System.CommandLine;
using System.Globalization;
using MmSandbox.Cli.Terminal;
using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Tracing;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Tracing;
using Spectre.Console;
using MmSandbox.Runner;

namespace MmSandbox.Cli.Commands;

/// <summary><c>mmsandbox trace FILE</c>: filters a trace written by a run and prints it as a table.</summary>
public static class TraceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A trace written by 'mmsandbox run --trace FILE' or a run with trace.enabled (trace.jsonl)" };
        var path = new Option<long?>("--path") { Description = "Only this path" };
        var step = new Option<string?>("--step") { Description = "Only these steps: a step (5) or a range (0..20)", HelpName = "A..B" };
        var actor = new Option<string?>("--actor") { Description = "Only messages this actor sent or received, e.g. order-flow", HelpName = "NAME" };
        var kind = new Option<string[]>("--kind")
        {
            Description = $"Only these message types, e.g. --kind Fills (repeatable or comma-separated; {string.Join(", ", TraceConfig.KnownKinds)})",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "TYPE",
        };
        var book = new Option<string?>("--book")
        {
            Description = "Show the book (inventory, cash, PnL) after each fill the recorder was told, rebuilt with the run's config (its config_used.yaml)",
            HelpName = "CONFIG",
        };
        var command = new Command("trace", "Print a message trace as a table, filtered by path, step, actor and message type, to follow a fill from quote to PnL")
        {
            file, path, step, actor, kind, book,
        };
        command.SetAction(parse => Print(parse.GetValue(file)!, parse.GetValue(path), parse.GetValue(step), parse.GetValue(actor), parse.GetValue(kind),
            parse.GetValue(book)));
        return command;
    }

    /// <summary>Reads, filters and prints; returns the exit code.</summary>
    public static int Print(string file, long? path, string? steps, string? actor, string[]? kinds, string? bookConfig = null)
    {
        Books? books = null;
        if (bookConfig is not null)
        {
            try
            {
                books = new Books(new ModelParameters(ConfigLoader.Load(bookConfig)));
            }
            catch (ConfigException e)
            {
                return Errors.BadConfig(e);
            }
        }
        StepRange? range = null;
        if (steps is not null)
        {
            if (!StepRange.TryParse(steps, out var r)) return Errors.BadInput($"--step must be a step (5) or a range A..B with 0 ≤ A ≤ B (e.g. 0..20), got '{steps}'");
            range = r;
        }
        var wanted = kinds?.SelectMany(k => k.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        if (wanted is { Count: 0 }) wanted = null;

        // Off a terminal one message is one line, so the output can be searched and compared; on a terminal, a table.
        bool plain = Console.IsOutputRedirected;
        var table = new Table().AddColumn(new TableColumn("time").RightAligned()).AddColumn(new TableColumn("step").RightAligned())
            .AddColumn(new TableColumn("path").RightAligned()).AddColumn("sender → receiver").AddColumn("type").AddColumn("payload");
        int shown = 0, total = 0;
        try
        {
            foreach (var line in TraceFile.Read(file))
            {
                total++;
                var r = line.Record;
                string? bookText = books?.Observe(r);
                if (path is { } p && r.Path != p) continue;
                if (range is { } s && !s.Contains(r.Step)) continue;
                if (actor is not null && r.Sender != actor && r.Receiver != actor) continue;
                if (wanted is not null && !wanted.Contains(r.Kind)) continue;
                shown++;
                if (plain)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{line.Time.ToString("R", CultureInfo.InvariantCulture),-8} {r.Step,6} {r.Path,6}  {r.Sender} → {r.Receiver}  {r.Kind}  {Payload(r.Payload)}{(bookText is null ? "" : "  → " + bookText)}"));
                    continue;
                }
                table.AddRow(Cell(line.Time.ToString("R", CultureInfo.InvariantCulture)), Cell(r.Step.ToString(CultureInfo.InvariantCulture)),
                    Cell(r.Path.ToString(CultureInfo.InvariantCulture)), Cell($"{r.Sender} → {r.Receiver}"), Cell(r.Kind),
                    Cell(Payload(r.Payload, separator: "\n", number: "G10") + (bookText is null ? "" : "\n→ " + bookText)));
            }
        }
        catch (TraceFileException e)
        {
            return Errors.BadInput(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Errors.BadInput($"cannot read trace file '{file}': {e.Message}");
        }
        if (shown > 0 && !plain) AnsiConsole.Write(table);
        string count = string.Create(CultureInfo.InvariantCulture, $"{shown:N0} of {total:N0} messages in {file}");
        if (plain) Console.Error.WriteLine(count);
        else AnsiConsole.MarkupLine(Markup.Escape(count));
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>quotes.bid=99.3 bid_filled=true</c>: nested fields flattened with dots, numbers in shortest round-trip form
    /// (or <paramref name="number"/>, e.g. G10 for the table; the file holds every bit).
    /// </summary>
    public static string Payload(IReadOnlyList<TraceField> fields, string prefix = "", string separator = " ", string number = "R")
    {
        var parts = new List<string>(fields.Count);
        foreach (var f in fields)
        {
            string name = prefix + f.Name;
            parts.Add(f.Value switch
            {
                IReadOnlyList<TraceField> nested => Payload(nested, name + ".", separator, number),
                double d => $"{name}={d.ToString(number, CultureInfo.InvariantCulture)}",
                bool b => $"{name}={(b ? "true" : "false")}",
                null => $"{name}=null",
                _ => $"{name}={f.Value}",
            });
        }
        return string.Join(separator, parts.Where(p => p.Length > 0));
    }

    private static Markup Cell(string text) => new(Markup.Escape(text));

    /// <summary>
    /// Each path's book rebuilt from the fills the recorder was told, with Core's accounting (the recorder's own
    /// arithmetic, so the numbers are the run's). Needs the path's fills from step 0 on without a gap; else unknown.
    /// </summary>
    private sealed class Books(ModelParameters m)
    {
        private readonly Dictionary<long, (int Next, double Inventory, double Cash, double Mid)> _paths = [];

        /// <summary>The book after <paramref name="r"/> if it is a fill or close the recorder was told, else null.</summary>
        public string? Observe(TraceRecord r)
        {
            if (r.Receiver != "recorder") return null;
            var (next, q, c, mid) = _paths.TryGetValue(r.Path, out var b) ? b : (0, 0.0, 0.0, double.NaN);
            if (r.Kind == "MidPrice")
            {
                _paths[r.Path] = (next, q, c, TraceFile.Number(TraceFile.Field(r.Payload, "mid")));
                if (r.Step == m.Steps && next == m.Steps) return Text(q, c, Accounting.MarkToMarket(c, q, _paths[r.Path].Mid), "close");
                return null;
            }
            if (r.Kind != "Fills") return null;
            if (next != r.Step)
            {
                _paths[r.Path] = (-1, q, c, mid);
                return "book unknown: the trace lacks this path's earlier fills (trace from step 0)";
            }
            if (TraceFile.Field(r.Payload, "ask_filled") is true) Accounting.Sell(m, TraceFile.Number(TraceFile.Field(r.Payload, "quotes.ask")), ref q, ref c);
            if (TraceFile.Field(r.Payload, "bid_filled") is true) Accounting.Buy(m, TraceFile.Number(TraceFile.Field(r.Payload, "quotes.bid")), ref q, ref c);
            _paths[r.Path] = (next + 1, q, c, mid);
            return Text(q, c, Accounting.MarkToMarket(c, q, mid), "after the fills");
        }

        private static string Text(double q, double c, double pnl, string when) => string.Create(CultureInfo.InvariantCulture,
            $"book {when}: inventory={q.ToString("R", CultureInfo.InvariantCulture)} cash={c.ToString("R", CultureInfo.InvariantCulture)} pnl={pnl.ToString("R", CultureInfo.InvariantCulture)}");
    }
}

using System.CommandLine;
using MmSandbox.Cli.Commands;
using MmSandbox.Runner;

namespace MmSandbox.Cli;

/// <summary>The <c>mmsandbox</c> command line: parses, dispatches, and maps every outcome to an exit code.</summary>
public static class CliApp
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Build() => new("MmSandbox: a reproducible sandbox for market making (Avellaneda–Stoikov 2008) on an actor engine")
    {
        RunCommand.Create(),
        PaperCommand.Create(),
        ValidateCommand.Create(),
        ScenariosCommand.Create(),
        PlotCommand.Create(),
        BenchCommand.Create(),
        TraceCommand.Create(),
    };

    /// <summary>Runs the command line <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // Tables written to a pipe or a file get a width that fits them instead of the 80-column fallback.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 160;
        // With no command, show what there is rather than an error.
        var parse = Build().Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'mmsandbox --help' for the commands and options.");
            return ExitCodes.BadInput;
        }
        // On Ctrl-C the running cells are cancelled and files being written are finished (each is atomic);
        // give that time instead of the default 2 s after which the process would end mid-write.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }
}

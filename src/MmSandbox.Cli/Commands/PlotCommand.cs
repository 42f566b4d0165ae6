using System.CommandLine;
using MmSandbox.Cli.Terminal;
using MmSandbox.Reporting.Study;
using MmSandbox.Runner.Study;
using Spectre.Console;
using MmSandbox.Runner;

namespace MmSandbox.Cli.Commands;

/// <summary><c>mmsandbox plot</c>: redraws a study's figures and report from its files, without simulating.</summary>
public static class PlotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Option<string>("--in", "-i") { Description = $"Study folder written by 'mmsandbox scenarios' (default: {ScenariosCommand.DefaultOut})", DefaultValueFactory = _ => ScenariosCommand.DefaultOut };
        var command = new Command("plot", "Redraw the six figures and report.html of a study from its result files alone") { input };
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(input)!;
            if (!Directory.Exists(folder)) return Errors.BadInput($"--in '{folder}' is not a folder");
            try
            {
                StudyRender.Render(folder);
            }
            catch (StudyFileException e)
            {
                return Errors.BadInput(e.Message);
            }
            AnsiConsole.MarkupLine($"Redrawn [bold]{Markup.Escape(Path.Combine(folder, StudyRender.FiguresFolder))}[/] and {StudyRender.ReportFile}");
            return ExitCodes.Success;
        });
        return command;
    }
}

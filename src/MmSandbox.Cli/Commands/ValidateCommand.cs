using System.CommandLine;
using MmSandbox.Cli.Terminal;
using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Runner;

namespace MmSandbox.Cli.Commands;

/// <summary><c>mmsandbox validate</c>: checks a config and prints it fully resolved.</summary>
public static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var command = new Command("validate", "Check a config and print the resolved version (every field, defaults filled in)") { config, set };
        command.SetAction(parse =>
        {
            try
            {
                var resolved = ConfigLoader.Load(parse.GetValue(config)!, parse.GetValue(set) ?? []);
                Console.Out.Write(ConfigWriter.ToYaml(resolved));
                return ExitCodes.Success;
            }
            catch (ConfigException e)
            {
                return Errors.BadConfig(e);
            }
        });
        return command;
    }
}

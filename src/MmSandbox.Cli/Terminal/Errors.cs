using MmSandbox.Core.Config;
using MmSandbox.Runner;

namespace MmSandbox.Cli.Terminal;

/// <summary>Prints errors to standard error in one plain format, never a stack trace.</summary>
public static class Errors
{
    /// <summary>Prints every config error, one per line, under a heading.</summary>
    public static int BadConfig(ConfigException e)
    {
        Console.Error.WriteLine($"error: the configuration has {e.Errors.Count} problem{(e.Errors.Count == 1 ? "" : "s")}; nothing was run or written:");
        foreach (var error in e.Errors) Console.Error.WriteLine($"  {error}");
        return ExitCodes.BadInput;
    }

    /// <summary>Prints one bad-input message.</summary>
    public static int BadInput(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.BadInput;
    }

    /// <summary>Prints that the work was stopped by Ctrl-C.</summary>
    public static int Interrupted(string message)
    {
        Console.Error.WriteLine($"interrupted: {message}");
        return ExitCodes.Interrupted;
    }

    /// <summary>Prints a run failure.</summary>
    public static int RunFailed(string message)
    {
        Console.Error.WriteLine($"run failed: {message}");
        return ExitCodes.RunFailed;
    }
}

namespace MmSandbox.Runner;

/// <summary>The process exit codes of <c>mmsandbox</c> and the host program, the same in both.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;
    /// <summary>A run failed (an actor threw, a check failed); the inputs were fine.</summary>
    public const int RunFailed = 1;
    /// <summary>Bad input: a config, an option or a path was wrong; nothing was run or written.</summary>
    public const int BadInput = 2;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT, set by System.CommandLine); finished work keeps its files.</summary>
    public const int Interrupted = 130;
}

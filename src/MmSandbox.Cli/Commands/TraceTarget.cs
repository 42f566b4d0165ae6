namespace MmSandbox.Cli.Commands;

/// <summary>Checks a <c>--trace FILE</c> target before anything runs.</summary>
public static class TraceTarget
{
    /// <summary>Null when a trace can be written to <paramref name="path"/> (its folder is created if missing); otherwise what is wrong.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "--trace must name a file";
        if (Directory.Exists(path)) return $"--trace '{path}' is a folder, not a file";
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is null ? $"--trace '{path}' has no folder" : OutputFolder.Problem(folder) is { } problem ? $"--trace '{path}': {problem.Replace("--out ", "", StringComparison.Ordinal)}" : null;
    }
}

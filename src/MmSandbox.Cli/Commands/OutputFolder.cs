namespace MmSandbox.Cli.Commands;

/// <summary>Checks an output folder before anything runs.</summary>
public static class OutputFolder
{
    /// <summary>Null when <paramref name="path"/> can hold results; otherwise what is wrong with it.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "--out must name a folder";
        if (File.Exists(path)) return $"--out '{path}' is a file, not a folder";
        try
        {
            string full = Path.GetFullPath(path);
            var existing = full;
            while (!Directory.Exists(existing))
            {
                existing = Path.GetDirectoryName(existing);
                if (existing is null) return $"--out '{path}' has no existing parent folder";
                if (File.Exists(existing)) return $"--out '{path}': '{existing}' is a file, not a folder";
            }
            var probe = Path.Combine(existing, $".mmsandbox-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"--out '{path}' is not writable: {e.Message}";
        }
    }
}

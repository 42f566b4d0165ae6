namespace MmSandbox.Runner.Tests;

/// <summary>A temporary folder per test, and the repository's own config folder.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mmsandbox-runner-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>A copy of the repository's config/ folder inside this folder.</summary>
    public string CopyOfRepositoryConfig()
    {
        var target = this["config"];
        foreach (var file in Directory.GetFiles(RepositoryConfig, "*.yaml", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(RepositoryConfig, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    public static string RepositoryConfig
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "MmSandbox.sln"))) dir = dir.Parent;
            return System.IO.Path.Combine(dir?.FullName ?? throw new InvalidOperationException("MmSandbox.sln not found above the test folder"), "config");
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

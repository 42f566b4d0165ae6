using System.Diagnostics;
using System.Text;

namespace MmSandbox.Cli.Tests;

/// <summary>What one run of the real program did: its exit code, its output, and where it ran.</summary>
internal sealed record Outcome(int ExitCode, string Stdout, string Stderr, string WorkingDirectory)
{
    public string PathOf(string relative) => Path.Combine(WorkingDirectory, relative);

    public IReadOnlyList<string> StdoutLines => Lines(Stdout);

    public IReadOnlyList<string> StderrLines => Lines(Stderr);

    /// <summary>Exit code and both streams, for assertion messages.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
}

/// <summary>Starts <c>mmsandbox.dll</c> from the test output folder as a child process.</summary>
internal static class Mmsandbox
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The program beside the tests: the Cli project is a reference, so its output is copied here.</summary>
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "mmsandbox.dll");

    /// <summary>Runs <c>dotnet mmsandbox.dll <paramref name="args"/></c> in <paramref name="workingDirectory"/>; fails the test after 120 s.</summary>
    public static Outcome Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"mmsandbox {string.Join(' ', args)} did not exit within {Timeout.TotalSeconds} s and was killed.\n"
                        + $"--- stdout ---\n{stdout.Result}\n--- stderr ---\n{stderr.Result}");
        }
        process.WaitForExit();
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result, workingDirectory);
    }

    /// <summary>The <c>dotnet</c> that runs the tests when the SDK says which one, else the one on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

/// <summary>A temporary working folder holding <c>config/base.yaml</c> copied from the repository; deleted on dispose.</summary>
internal sealed class Workspace : IDisposable
{
    private Workspace(string root) => Root = root;

    public string Root { get; }

    public static Workspace Create()
    {
        var root = Directory.CreateTempSubdirectory("mmsandbox-cli-tests-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "config"));
        File.Copy(Repository.BaseConfig, Path.Combine(root, "config", "base.yaml"));
        return new Workspace(root);
    }

    public Outcome Run(params string[] args) => Mmsandbox.Run(Root, args);

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text)
    {
        var path = PathOf(relative);
        File.WriteAllText(path, text);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is not a test failure.
        }
    }
}

/// <summary>Files of the repository the tests were built from.</summary>
internal static class Repository
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds MmSandbox.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string BaseConfig => Path.Combine(Root, "config", "base.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MmSandbox.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds MmSandbox.sln");
    }
}

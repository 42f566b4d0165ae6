using System.Diagnostics;
using System.Text;

namespace MmSandbox.Host.Tests;

/// <summary>The host program beside the tests (the Host project is a reference, so its output and appsettings.json are copied here), run as a child process.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "mmsandbox-host.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get
        {
            lock (_stdout) return _stdout.ToString();
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Starts <c>dotnet mmsandbox-host.dll <paramref name="args"/></c> in <paramref name="workingDirectory"/> with <paramref name="environment"/> added.</summary>
    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartProgram(Dll, workingDirectory, environment, args);

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/> with <paramref name="environment"/> added.</summary>
    public static HostProcess StartProgram(string dll, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
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
        if (SigIntIgnored())
        {
            // A process started with SIGINT ignored (a background job of a shell without job control) passes that on,
            // and .NET keeps it ignored: Ctrl-C could not reach the host. GNU env gives the child the default back.
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add(start.FileName);
            start.FileName = "env";
        }
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.StandardInput.Close();
        return new HostProcess(process);
    }

    /// <summary>Runs the host to its end; fails the test after 120 s.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunProgram(Dll, workingDirectory, environment, args);

    /// <summary>Runs a program beside the tests to its end; fails the test after 120 s.</summary>
    public static (int ExitCode, string Output) RunProgram(string dll, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var host = StartProgram(dll, workingDirectory, environment, args);
        int code = host.WaitForExit(TimeSpan.FromSeconds(120));
        return (code, host.ToString());
    }

    /// <summary>Waits for the process to end and returns its exit code; kills it and fails the test after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"the host did not exit within {timeout.TotalSeconds} s and was killed.\n{this}");
        }
        _process.WaitForExit();   // drains the output
        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        using var signal = Process.Start("kill", ["-INT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        signal.WaitForExit();
    }

    public override string ToString() => $"--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null) return;
        lock (text) text.AppendLine(line);
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), which its children inherit.</summary>
    private static bool SigIntIgnored()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;
    }

    /// <summary>The <c>dotnet</c> that runs the tests when the SDK says which one, else the one on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

/// <summary>A temporary working folder holding a copy of the repository's config/ folder; deleted on dispose.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Directory.CreateTempSubdirectory("mmsandbox-host-tests-").FullName;
        foreach (var file in Directory.GetFiles(RepositoryConfig, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, "config", Path.GetRelativePath(RepositoryConfig, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root { get; }

    public string this[string relative] => Path.Combine(Root, relative);

    /// <summary>The repository root: the nearest folder above the test binaries that holds MmSandbox.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The repository's config/ folder.</summary>
    public static string RepositoryConfig { get; } = Path.Combine(RepositoryRoot, "config");

    /// <summary>
    /// Every result file below <paramref name="root"/> (not logs, not timings) by relative path. Not the SVG figures
    /// either: their clip-path ids count the figures drawn so far in the process, and the test process draws several
    /// studies (the programs, which draw one study each, write the same SVG bytes run after run).
    /// </summary>
    public static SortedDictionary<string, byte[]> ResultFiles(string root) => new(
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".log", StringComparison.Ordinal) && !f.EndsWith("run_info.json", StringComparison.Ordinal)
                        && !f.EndsWith(".svg", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);

    public static void AssertSameFiles(string expectedRoot, string actualRoot)
    {
        var expected = ResultFiles(expectedRoot);
        var actual = ResultFiles(actualRoot);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
    }

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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MmSandbox.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds MmSandbox.sln");
    }
}

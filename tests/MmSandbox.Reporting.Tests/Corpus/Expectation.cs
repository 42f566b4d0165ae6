using System.Globalization;
using System.Text.RegularExpressions;
using MmSandbox.Core.Config;

namespace MmSandbox.Reporting.Tests.Corpus;

/// <summary>
/// One error a corpus file expects, read from a leading comment line of the form
/// <c># expect: market.sigma @ 3:10 ~ must be a finite number ≥ 0</c>, or, for an error located in another file
/// (a base file), <c># expect: paths @ 2:8 in with_errors.yaml ~ must be an integer</c>. A control character in a
/// path (from a quoted key) is written as its escape, e.g. <c>se\ned</c>.
/// </summary>
internal sealed partial record Expectation(string Path, int Line, int Column, string? InFile, string Fragment)
{
    public const string Prefix = "# expect:";

    /// <summary>The expectations stated in the leading comment block of <paramref name="file"/>.</summary>
    public static IReadOnlyList<Expectation> ReadAll(string file)
    {
        var expectations = new List<Expectation>();
        foreach (var line in File.ReadLines(file).TakeWhile(l => l.StartsWith('#')))
        {
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
                continue;
            var m = Syntax().Match(line);
            if (!m.Success)
                throw new FormatException($"{System.IO.Path.GetFileName(file)}: cannot read '{line}'; write '# expect: path @ line:column ~ fragment'");
            expectations.Add(new Expectation(
                Regex.Unescape(m.Groups["path"].Value),
                int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture),
                m.Groups["file"].Success ? m.Groups["file"].Value : null,
                m.Groups["fragment"].Value));
        }
        return expectations;
    }

    /// <summary>True when <paramref name="error"/> is this expected one.</summary>
    public bool IsMetBy(ConfigError error) =>
        error.Path == Path
        && error.Location == new SourceLocation(Line, Column)
        && error.Message.Contains(Fragment, StringComparison.Ordinal)
        && (InFile is null || System.IO.Path.GetFileName(error.File) == InFile);

    public override string ToString() => $"{Path.Replace("\n", "\\n", StringComparison.Ordinal)} @ {Line}:{Column}{(InFile is null ? "" : $" in {InFile}")} ~ {Fragment}";

    [GeneratedRegex(@"^# expect: (?<path>\S+) @ (?<line>[0-9]+):(?<column>[0-9]+)(?: in (?<file>\S+))? ~ (?<fragment>\S.*)$")]
    private static partial Regex Syntax();
}

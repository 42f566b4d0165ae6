using System.Text.RegularExpressions;
using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests.Corpus;

/// <summary>
/// Every file in <c>Corpus/bad</c> is a config with mistakes; its leading <c># expect:</c> lines name each error it
/// must give (field path, line:column, a fragment of the message). Adding a file adds a case. Files under
/// <c>Corpus/bad/bases</c> are only the base files some cases name.
/// </summary>
public sealed partial class CorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Corpus", "bad");

    public static TheoryData<string> BadFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_is_refused_with_exactly_the_errors_it_expects(string name)
    {
        var file = Path.Combine(Folder, name);
        var expected = Expectation.ReadAll(file);

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Load(file)).Errors;

        var unmet = expected.ToList();
        var unexpected = new List<ConfigError>();
        foreach (var error in errors)
        {
            int i = unmet.FindIndex(e => e.IsMetBy(error));
            if (i >= 0)
                unmet.RemoveAt(i);
            else
                unexpected.Add(error);
        }
        Assert.True(unmet.Count == 0 && unexpected.Count == 0,
            $"{name}: expected\n  {string.Join("\n  ", expected)}\nbut got\n  {string.Join("\n  ", errors.Select(Describe))}");
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Every_error_of_a_bad_file_names_the_file_the_place_the_field_and_what_is_allowed(string name)
    {
        var file = Path.Combine(Folder, name);
        var expected = Expectation.ReadAll(file);

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Load(file)).Errors;

        Assert.All(errors, error =>
        {
            var text = error.ToString();
            var inFile = expected.FirstOrDefault(e => e.IsMetBy(error))?.InFile ?? name;
            Assert.NotNull(error.Location);
            Assert.Contains($"{inFile}:{error.Location.Value.Line}:{error.Location.Value.Column}: ", text, StringComparison.Ordinal);
            var shownPath = new ConfigError(error.Path, "").ToString();    // the path as printed, control characters escaped
            Assert.Contains($": {shownPath}", text, StringComparison.Ordinal);
            Assert.True(SaysWhatToDo(error), $"{name}: the message does not say what is allowed: {text}");
            Assert.False(text.Any(char.IsControl), $"{name}: the error is not one printable line: {text}");
        });
    }

    [Fact]
    public void The_corpus_has_at_least_45_files_each_stating_its_expected_errors()
    {
        var files = Directory.GetFiles(Folder, "*.yaml");

        Assert.True(files.Length >= 45, $"the corpus has {files.Length} files; at least 45 are wanted");
        Assert.All(files, file => Assert.NotEmpty(Expectation.ReadAll(file)));
    }

    [Fact]
    public void Some_corpus_files_hold_three_or_more_mistakes_at_once()
    {
        var many = Directory.GetFiles(Folder, "*.yaml").Count(file => Expectation.ReadAll(file).Count >= 3);

        Assert.True(many >= 4, $"{many} files have three or more expected errors; at least 4 are wanted");
    }

    /// <summary>
    /// A message says what is allowed or what to do. Two kinds are exempt because their facts are the guidance: the
    /// YAML parser's own report of broken syntax (at its line:column), and the chain of base files of a cycle.
    /// </summary>
    private static bool SaysWhatToDo(ConfigError error) =>
        Guidance().IsMatch(error.Message)
        || (error.Path == "(yaml)" && error.Message.StartsWith("malformed YAML: ", StringComparison.Ordinal))
        || (error.Path == "base" && error.Message.StartsWith("base files form a cycle: ", StringComparison.Ordinal));

    private static string Describe(ConfigError e) =>
        $"{e.Path} @ {(e.Location is { } l ? $"{l.Line}:{l.Column}" : "(no location)")} in {Path.GetFileName(e.File)} ~ {e.Message}";

    [GeneratedRegex(@"\bmust\b|\ballowed\b|did you mean|keep one|\bremove\b")]
    private static partial Regex Guidance();
}

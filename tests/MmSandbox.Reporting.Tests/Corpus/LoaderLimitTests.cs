using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests.Corpus;

/// <summary>Inputs too large or too odd for a corpus file: each is still one located <see cref="ConfigError"/>, never a crash.</summary>
public sealed class LoaderLimitTests
{
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("[{a: ", "}]")]
    public void Nesting_a_hundred_thousand_levels_deep_is_an_error_not_a_stack_overflow(string open, string close)
    {
        var yaml = "paths: " + string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000)) + "\n";

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.LoadText(yaml, "deep.yaml")).Errors);

        Assert.Equal("(yaml)", error.Path);
        Assert.Equal(1, error.Location?.Line);
        Assert.Contains("nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_file_longer_than_the_limit_is_refused_at_the_base_key()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("huge.yaml"), "# " + new string('x', ConfigLoader.MaxFileChars) + "\n");

        var error = Assert.Single(Assert.Throws<ConfigException>(
            () => ConfigLoader.LoadText("paths: 3\nbase: huge.yaml\n", "run.yaml", baseDirectory: folder.Path)).Errors);

        Assert.Equal(("base", new SourceLocation(2, 7)), (error.Path, error.Location));
        Assert.Contains("longer than 1,048,576 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_longer_than_the_limit_is_refused_before_it_is_parsed()
    {
        using var folder = new TempFolder();
        var path = folder.File("huge.yaml");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("paths: 1\n", (ConfigLoader.MaxFileChars / 9) + 1)));

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(path)).Errors);

        Assert.Equal(("(file)", path), (error.Path, error.File));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_name_with_a_nul_character_is_a_config_error()
    {
        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load("bad\0name.yaml")).Errors);

        Assert.Equal("(file)", error.Path);
        Assert.Contains("cannot read the config file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_empty_key_has_a_path_that_names_it()
    {
        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.LoadText("'': 1\n'': 2\n", "run.yaml")).Errors;

        Assert.Equal(["''", "''"], errors.Select(e => e.Path));
        Assert.Contains(errors, e => e.Message.StartsWith("duplicate key ''", StringComparison.Ordinal));
    }
}

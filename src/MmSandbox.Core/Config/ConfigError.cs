namespace MmSandbox.Core.Config;

/// <summary>One thing wrong with a configuration: where (a dotted field path), what, and the offending value.</summary>
/// <param name="Path">The field path in snake_case, e.g. <c>market_maker.gamma</c>.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
/// <param name="Value">The offending value as written, if any.</param>
public sealed record ConfigError(string Path, string Message, object? Value = null)
{
    /// <summary>Where in a file the value stands (1-based line and column), when known.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>The file the value came from, when known.</summary>
    public string? File { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var where = (File, Location) switch
        {
            (not null, not null) => $"{File}:{Location.Value.Line}:{Location.Value.Column}: ",
            (not null, null) => $"{File}: ",
            (null, not null) => $"{Location.Value.Line}:{Location.Value.Column}: ",
            _ => "",
        };
        var value = Value is null ? "" : $" (got {FormatValue(Value)})";
        return OneLine($"{where}{Path}: {Message}{value}");
    }

    /// <summary>Control characters and line breaks (from quoted values or keys) escaped, so one error is one line.</summary>
    private static string OneLine(string text)
    {
        if (!text.Any(IsBreaking))
            return text;
        var line = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            line.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when IsBreaking(c) => "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return line.ToString();
    }

    private static bool IsBreaking(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029';

    private static string FormatValue(object value) => value switch
    {
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A 1-based position in a text file.</summary>
public readonly record struct SourceLocation(int Line, int Column);

/// <summary>Thrown when a configuration has errors; carries all of them.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    /// <summary>Every error found, in the order of the fields.</summary>
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}

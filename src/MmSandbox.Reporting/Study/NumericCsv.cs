using System.Globalization;

namespace MmSandbox.Reporting.Study;

/// <summary>Reads the numeric CSV files of a run (comma-separated, a header row, no quoting; an empty field is NaN).</summary>
internal static class NumericCsv
{
    /// <summary>
    /// The <paramref name="columns"/> of <paramref name="path"/>, by name. With <paramref name="firstOf"/>, only the rows
    /// whose <paramref name="firstOf"/> column is 0 (path 0 of a file written path by path).
    /// </summary>
    /// <exception cref="StudyFileException">The file is missing, lacks a column, or a field is not a number.</exception>
    public static Dictionary<string, IReadOnlyList<double>> Read(string path, IReadOnlyList<string> columns, string? firstOf)
    {
        if (!File.Exists(path))
            throw new StudyFileException(path, "not found");
        using var reader = Open(path);
        var header = reader.ReadLine()?.TrimEnd('\r').Split(',')
            ?? throw new StudyFileException(path, "is empty; expected a header row");
        int Index(string name)
        {
            int i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new StudyFileException(path, $"has no column '{name}' (header: {string.Join(",", header)})");
        }
        var indices = columns.Select(Index).ToArray();
        int filter = firstOf is null ? -1 : Index(firstOf);
        var values = columns.Select(_ => new List<double>()).ToArray();

        int lineNumber = 1;
        bool inFirst = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line == "\r")
                continue;
            var fields = line.TrimEnd('\r').Split(',');
            if (fields.Length != header.Length)
                throw new StudyFileException(path, $"line {lineNumber}: {fields.Length} fields, but the header has {header.Length}");
            if (filter >= 0)
            {
                bool first = Parse(path, lineNumber, header[filter], fields[filter]) == 0;
                if (!first && inFirst)
                    break;
                inFirst = first;
                if (!first)
                    continue;
            }
            for (int c = 0; c < indices.Length; c++)
                values[c].Add(Parse(path, lineNumber, columns[c], fields[indices[c]]));
        }

        var result = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        for (int c = 0; c < columns.Count; c++)
            result[columns[c]] = values[c];
        return result;
    }

    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StudyFileException(path, $"cannot be read ({e.Message})", e);
        }
    }

    private static double Parse(string path, int line, string column, string field)
    {
        if (field.Length == 0)
            return double.NaN;
        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new StudyFileException(path, $"line {line}, column '{column}': '{field}' is not a number");
    }
}

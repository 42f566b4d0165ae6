using System.Text.Json;

namespace MmSandbox.Reporting.Results;

/// <summary>The JSON conventions of the result files.</summary>
internal static class Json
{
    /// <summary>Indented, <c>\n</c> line endings.</summary>
    public static JsonWriterOptions Options { get; } = new() { Indented = true, NewLine = "\n" };

    /// <summary>Writes a finite number in shortest round-trip form, anything else as null.</summary>
    public static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumber(name, value);
        else
            json.WriteNull(name);
    }
}

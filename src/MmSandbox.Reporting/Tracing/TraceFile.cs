using System.Globalization;
using System.Text;
using System.Text.Json;
using MmSandbox.Core.Tracing;
using MmSandbox.Reporting.IO;

namespace MmSandbox.Reporting.Tracing;

/// <summary>One line of a trace file: a <see cref="TraceRecord"/> and its virtual time.</summary>
/// <param name="Time">Virtual time t = step·dt, in model time units.</param>
/// <param name="Record">The message.</param>
/// <param name="Line">The 1-based line it was read from (0 when not read from a file).</param>
public sealed record TraceLine(double Time, TraceRecord Record, int Line = 0);

/// <summary>A trace file that cannot be read: the message names the file and line.</summary>
public sealed class TraceFileException(string message) : Exception(message);

/// <summary>
/// Trace files: JSON lines, one protocol message of one path a line, in the order given (the engine's
/// <see cref="TraceOrder"/>): <c>{"time":0.005,"step":1,"path":0,"sender":"price-feed","receiver":"market-maker",
/// "type":"MidPrice","payload":{"mid":100.14142135623731,"is_close":false}}</c>. Numbers are in shortest round-trip
/// form, so a double read back has the same bits; NaN and infinities are written as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c>, <c>"-Infinity"</c>.
/// </summary>
public static class TraceFile
{
    /// <summary>The file a run with <c>trace.enabled</c> writes into its results folder.</summary>
    public const string FileName = "trace.jsonl";

    // Dividing by this decimal one drops trailing zeros: 0.000 → 0, 1.000 → 1.
    private const decimal Normal = 1.000000000000000000000000000000m;

    /// <summary>Writes <paramref name="records"/> to <paramref name="path"/> atomically; <paramref name="dt"/> gives the time of a step.</summary>
    public static void Write(string path, IEnumerable<TraceRecord> records, double dt)
    {
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
            foreach (var r in records)
            {
                json.Reset(stream);
                json.WriteStartObject();
                WriteTime(json, r.Step, dt);
                json.WriteNumber("step", r.Step);
                json.WriteNumber("path", r.Path);
                json.WriteString("sender", r.Sender);
                json.WriteString("receiver", r.Receiver);
                json.WriteString("type", r.Kind);
                json.WritePropertyName("payload");
                WriteFields(json, r.Payload);
                json.WriteEndObject();
                json.Flush();
                stream.WriteByte((byte)'\n');
            }
        });
    }

    /// <summary>Every line of the trace file at <paramref name="path"/>; a <see cref="TraceFileException"/> names a line that is not a trace record.</summary>
    public static IEnumerable<TraceLine> Read(string path)
    {
        if (!File.Exists(path))
            throw new TraceFileException(Directory.Exists(path) ? $"'{path}' is a folder, not a trace file" : $"trace file '{path}' does not exist");
        int number = 0;
        foreach (var text in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (text.Length == 0) continue;
            yield return Parse(text, path, number);
        }
    }

    /// <summary>One line of a trace.</summary>
    public static TraceLine Parse(string text, string file, int line)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new TraceFileException($"{file}:{line}: not a trace record: expected a JSON object");
            var record = new TraceRecord(
                Step: Property(root, "step", file, line).GetInt32(),
                Path: Property(root, "path", file, line).GetInt64(),
                Sender: Property(root, "sender", file, line).GetString() ?? "",
                Receiver: Property(root, "receiver", file, line).GetString() ?? "",
                Kind: Property(root, "type", file, line).GetString() ?? "",
                Payload: Fields(Property(root, "payload", file, line), file, line));
            return new TraceLine(Property(root, "time", file, line).GetDouble(), record, line);
        }
        catch (JsonException e)
        {
            throw new TraceFileException($"{file}:{line}: not a JSON line: {e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new TraceFileException($"{file}:{line}: not a trace record: {e.Message}");
        }
    }

    /// <summary>The number <paramref name="value"/> holds (a JSON number or "NaN"/"Infinity"/"-Infinity").</summary>
    public static double Number(object? value) => value switch
    {
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"'{value}' is not a number"),
    };

    /// <summary>The field at a dotted path in <paramref name="payload"/> (e.g. <c>quotes.bid</c>), or null.</summary>
    public static object? Field(IReadOnlyList<TraceField> payload, string dottedName)
    {
        object? current = payload;
        foreach (var name in dottedName.Split('.'))
        {
            if (current is not IReadOnlyList<TraceField> fields) return null;
            current = fields.FirstOrDefault(f => f.Name == name)?.Value;
        }
        return current;
    }

    private static void WriteTime(Utf8JsonWriter json, int step, double dt)
    {
        // step·dt in decimal where it fits: 3 × 0.005 reads 0.015, not the binary product 0.015000000000000001.
        if (dt >= 1e-12 && dt <= 1e12)
            json.WriteNumber("time", step * (decimal)dt / Normal);
        else
            json.WriteNumber("time", step * dt);
    }

    private static JsonElement Property(JsonElement root, string name, string file, int line) =>
        root.TryGetProperty(name, out var value) ? value : throw new TraceFileException($"{file}:{line}: not a trace record: '{name}' is missing");

    private static List<TraceField> Fields(JsonElement element, string file, int line)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new TraceFileException($"{file}:{line}: not a trace record: the payload must be a JSON object");
        var fields = new List<TraceField>();
        foreach (var p in element.EnumerateObject())
        {
            object? value = p.Value.ValueKind switch
            {
                JsonValueKind.Number => p.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => p.Value.GetString() is { } s && s is "NaN" or "Infinity" or "-Infinity" ? Number(s) : p.Value.GetString(),
                JsonValueKind.Object => Fields(p.Value, file, line),
                _ => null,
            };
            fields.Add(new TraceField(p.Name, value));
        }
        return fields;
    }

    private static void WriteFields(Utf8JsonWriter json, IReadOnlyList<TraceField> fields)
    {
        json.WriteStartObject();
        foreach (var field in fields)
        {
            json.WritePropertyName(field.Name);
            switch (field.Value)
            {
                case null: json.WriteNullValue(); break;
                case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
                case double d: json.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
                case long l: json.WriteNumberValue(l); break;
                case bool b: json.WriteBooleanValue(b); break;
                case IReadOnlyList<TraceField> nested: WriteFields(json, nested); break;
                case IFormattable f: json.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture)); break;
                default: json.WriteStringValue(field.Value.ToString()); break;
            }
        }
        json.WriteEndObject();
    }
}

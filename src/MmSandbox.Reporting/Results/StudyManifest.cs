using System.Globalization;
using System.Text.Json;
using CsvHelper;
using MmSandbox.Reporting.IO;

namespace MmSandbox.Reporting.Results;

/// <summary>A regime of a study as written to study.json.</summary>
public sealed record ManifestRegime(string Name, string Title, double Mu, double Sigma);

/// <summary>A cell of a study as written to study.json: where its files are and how it ended.</summary>
/// <param name="Regime">The regime's name.</param>
/// <param name="Gamma">The cell's γ.</param>
/// <param name="Path">The cell's folder relative to the study folder, with '/'.</param>
/// <param name="Status"><c>completed</c> or <c>failed</c>.</param>
/// <param name="Error">Why it failed; null when completed.</param>
public sealed record ManifestCell(string Regime, double Gamma, string Path, string Status, string? Error);

/// <summary>
/// The plan and outcome of a study (<c>study.json</c>), and the aggregate files built from the cells'
/// own <c>summary.json</c>: <c>summary.json</c> (every cell, its KPIs nested as written) and
/// <c>summary.csv</c> (one row per cell, nested KPIs flattened with '_', e.g. <c>markout_10_p95</c>).
/// </summary>
public sealed record StudyManifest(IReadOnlyList<ManifestRegime> Regimes, IReadOnlyList<double> Gammas, IReadOnlyList<ManifestCell> Cells)
{
    /// <summary>The study's plan and outcome.</summary>
    public const string FileName = "study.json";
    /// <summary>Status of a cell that ran to the end.</summary>
    public const string Completed = "completed";
    /// <summary>Status of a cell that failed.</summary>
    public const string Failed = "failed";

    /// <summary>Writes study.json, summary.json and summary.csv into <paramref name="outDir"/>, atomically.</summary>
    public void WriteAll(string outDir)
    {
        Directory.CreateDirectory(outDir);
        AtomicFile.Write(System.IO.Path.Combine(outDir, FileName), WriteManifest);
        var summaries = Cells.Select(c => c.Status == Completed ? ReadSummary(outDir, c) : null).ToList();
        AtomicFile.Write(System.IO.Path.Combine(outDir, ResultWriter.SummaryFileName), s => WriteSummaryJson(s, summaries));
        AtomicFile.Write(System.IO.Path.Combine(outDir, "summary.csv"), s => WriteSummaryCsv(s, summaries));
    }

    /// <summary>Reads a study.json.</summary>
    public static StudyManifest Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var regimes = root.GetProperty("regimes").EnumerateArray().Select(r => new ManifestRegime(
            r.GetProperty("name").GetString()!, r.GetProperty("title").GetString()!, r.GetProperty("mu").GetDouble(), r.GetProperty("sigma").GetDouble())).ToList();
        var gammas = root.GetProperty("gammas").EnumerateArray().Select(g => g.GetDouble()).ToList();
        var cells = root.GetProperty("cells").EnumerateArray().Select(c => new ManifestCell(
            c.GetProperty("regime").GetString()!, c.GetProperty("gamma").GetDouble(), c.GetProperty("path").GetString()!,
            c.GetProperty("status").GetString()!, c.GetProperty("error").ValueKind == JsonValueKind.Null ? null : c.GetProperty("error").GetString())).ToList();
        return new StudyManifest(regimes, gammas, cells);
    }

    private void WriteManifest(Stream stream)
    {
        using (var json = new Utf8JsonWriter(stream, Json.Options))
        {
            json.WriteStartObject();
            json.WriteStartArray("regimes");
            foreach (var r in Regimes)
            {
                json.WriteStartObject();
                json.WriteString("name", r.Name);
                json.WriteString("title", r.Title);
                Json.Number(json, "mu", r.Mu);
                Json.Number(json, "sigma", r.Sigma);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("gammas");
            foreach (var g in Gammas) json.WriteNumberValue(g);
            json.WriteEndArray();
            json.WriteStartArray("cells");
            foreach (var c in Cells)
            {
                json.WriteStartObject();
                WriteCellKeys(json, c);
                json.WriteString("path", c.Path);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    private static void WriteCellKeys(Utf8JsonWriter json, ManifestCell c)
    {
        json.WriteString("regime", c.Regime);
        json.WriteNumber("gamma", c.Gamma);
        json.WriteString("status", c.Status);
        if (c.Error is null) json.WriteNull("error");
        else json.WriteString("error", c.Error);
    }

    private static JsonDocument? ReadSummary(string outDir, ManifestCell cell)
    {
        var path = System.IO.Path.Combine(outDir, cell.Path, ResultWriter.SummaryFileName);
        return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)) : null;
    }

    private void WriteSummaryJson(Stream stream, IReadOnlyList<JsonDocument?> summaries)
    {
        using (var json = new Utf8JsonWriter(stream, Json.Options))
        {
            json.WriteStartObject();
            json.WriteStartArray("cells");
            for (int i = 0; i < Cells.Count; i++)
            {
                json.WriteStartObject();
                WriteCellKeys(json, Cells[i]);
                if (summaries[i] is { } summary)
                {
                    json.WritePropertyName("summary");
                    summary.RootElement.WriteTo(json);
                }
                else
                {
                    json.WriteNull("summary");
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    private void WriteSummaryCsv(Stream stream, IReadOnlyList<JsonDocument?> summaries)
    {
        // Columns: those of the first completed cell, in its key order; every cell has the same keys.
        // The cell's own "gamma" is already the second column.
        var columns = summaries.FirstOrDefault(s => s is not null) is { } first
            ? Flatten(first.RootElement).Select(p => p.Key).Where(k => k != "gamma").ToList()
            : [];
        using var csv = CsvWriter.Create(stream, ResultWriter.CsvOptions, leaveOpen: true);
        foreach (var header in new[] { "regime", "gamma", "status" }.Concat(columns)) csv.WriteField(header);
        csv.EndRecord();
        for (int i = 0; i < Cells.Count; i++)
        {
            csv.WriteField(Cells[i].Regime);
            csv.WriteField(Cells[i].Gamma.ToString("R", CultureInfo.InvariantCulture));
            csv.WriteField(Cells[i].Status);
            var values = summaries[i] is { } s ? Flatten(s.RootElement).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) : [];
            foreach (var column in columns) csv.WriteField(values.TryGetValue(column, out var v) ? v : "");
            csv.EndRecord();
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(JsonElement element, string prefix = "")
    {
        foreach (var property in element.EnumerateObject())
        {
            string key = prefix.Length == 0 ? property.Name : $"{prefix}_{property.Name}";
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in Flatten(property.Value, key)) yield return inner;
            }
            else
            {
                yield return new(key, property.Value.ValueKind switch
                {
                    JsonValueKind.Null => "",
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    _ => property.Value.GetRawText(),
                });
            }
        }
    }
}

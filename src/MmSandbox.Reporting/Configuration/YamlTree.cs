using MmSandbox.Core.Config;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MmSandbox.Reporting.Configuration;

/// <summary>A YAML node that remembers where it was written: the file and the 1-based line:column.</summary>
internal abstract record YamlValue(string? File, SourceLocation? Location);

/// <summary>A scalar as written; <paramref name="IsPlain"/> is false for quoted or tagged scalars, which are always strings.</summary>
internal sealed record YamlScalar(string Text, bool IsPlain, string? File, SourceLocation? Location) : YamlValue(File, Location)
{
    /// <summary>True for the plain spellings of null: empty, <c>~</c>, <c>null</c>.</summary>
    public bool IsNull => IsPlain && Text is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>A sequence.</summary>
internal sealed record YamlList(IReadOnlyList<YamlValue> Items, string? File, SourceLocation? Location) : YamlValue(File, Location);

/// <summary>A mapping with unique keys, in the order written.</summary>
internal sealed record YamlMap(IReadOnlyList<YamlEntry> Entries, string? File, SourceLocation? Location) : YamlValue(File, Location)
{
    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public YamlValue? Find(string key) => Entries.FirstOrDefault(e => e.Key.Text == key).Value;

    /// <summary>This mapping without <paramref name="key"/>.</summary>
    public YamlMap Without(string key) => this with { Entries = [.. Entries.Where(e => e.Key.Text != key)] };
}

/// <summary>One key and its value.</summary>
internal readonly record struct YamlEntry(YamlScalar Key, YamlValue Value);

/// <summary>Reads YAML text into a located tree and deep-merges trees.</summary>
internal static class YamlTree
{
    /// <summary>Path of errors in the YAML syntax itself, which belong to no field.</summary>
    public const string SyntaxPath = "(yaml)";

    /// <summary>
    /// The single document of <paramref name="text"/>, or null when there is none. Duplicate keys and a second
    /// document are added to <paramref name="errors"/>; a syntax error also sets <paramref name="malformed"/>.
    /// </summary>
    public static YamlValue? Parse(string text, string file, string basePath, bool withLocations,
                                   List<ConfigError> errors, out bool malformed)
    {
        var reader = new Reader(new Parser(new StringReader(text)), file, withLocations, errors);
        try
        {
            malformed = false;
            return reader.Document(basePath);
        }
        catch (YamlException e)
        {
            malformed = true;
            errors.Add(new ConfigError(SyntaxPath, $"malformed YAML: {e.Message}")
            {
                File = file,
                Location = withLocations ? new SourceLocation((int)e.Start.Line, (int)e.Start.Column) : null,
            });
            return null;
        }
    }

    /// <summary>
    /// <paramref name="over"/> merged onto <paramref name="under"/>: mappings merge key by key, scalars and lists
    /// replace, and a null where a mapping stood (an empty section) leaves the mapping as it was.
    /// </summary>
    public static YamlValue Merge(YamlValue? under, YamlValue over)
    {
        if (under is YamlMap && over is YamlScalar { IsNull: true })
            return under;
        if (under is not YamlMap u || over is not YamlMap o)
            return over;
        var entries = new List<YamlEntry>(u.Entries);
        foreach (var entry in o.Entries)
        {
            int i = entries.FindIndex(e => e.Key.Text == entry.Key.Text);
            if (i < 0)
                entries.Add(entry);
            else
                entries[i] = new YamlEntry(entry.Key, Merge(entries[i].Value, entry.Value));
        }
        return new YamlMap(entries, o.File, o.Location);
    }

    /// <summary>Appends a key to a dotted path: <c>market</c> + <c>s0</c> → <c>market.s0</c>.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private sealed class Reader(IParser parser, string file, bool withLocations, List<ConfigError> errors)
    {
        private readonly Dictionary<string, YamlValue> _anchors = new(StringComparer.Ordinal);

        public YamlValue? Document(string basePath)
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
                return null;
            parser.Consume<DocumentStart>();
            var root = Node(basePath);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                errors.Add(new ConfigError(SyntaxPath, "a config file holds one YAML document; remove the second '---' and what follows")
                {
                    File = file,
                    Location = At(second.Start),
                });
            }
            return root;
        }

        private YamlValue Node(string path)
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                    return target;
                throw new YamlException(alias.Start, alias.End, $"the alias '*{alias.Value.Value}' refers to no anchor defined before it");
            }
            YamlValue node;
            AnchorName anchor;
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                node = new YamlScalar(scalar.Value, scalar.IsPlainImplicit, file, At(scalar.Start));
                anchor = scalar.Anchor;
            }
            else if (parser.TryConsume<SequenceStart>(out var sequence))
            {
                var items = new List<YamlValue>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                    items.Add(Node($"{path}[{items.Count}]"));
                node = new YamlList(items, file, At(sequence.Start));
                anchor = sequence.Anchor;
            }
            else
            {
                var mapping = parser.Consume<MappingStart>();
                node = Mapping(path, mapping);
                anchor = mapping.Anchor;
            }
            if (!anchor.IsEmpty)
                _anchors[anchor.Value] = node;
            return node;
        }

        private YamlMap Mapping(string path, MappingStart start)
        {
            var entries = new List<YamlEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = parser.Current!.Start;
                var keyNode = Node(path);
                var value = Node(keyNode is YamlScalar k ? Join(path, k.Text) : path);
                if (keyNode is not YamlScalar key)
                {
                    errors.Add(new ConfigError(path.Length == 0 ? "(root)" : path, "keys must be plain names, not a list or a mapping")
                    {
                        File = file,
                        Location = At(keyStart),
                    });
                    continue;
                }
                var first = entries.FindIndex(e => e.Key.Text == key.Text);
                if (first >= 0)
                {
                    var where = entries[first].Key.Location is { } l ? $" (first at line {l.Line}, column {l.Column})" : "";
                    errors.Add(new ConfigError(Join(path, key.Text), $"duplicate key '{key.Text}'{where}; keep one")
                    {
                        File = file,
                        Location = key.Location,
                    });
                    continue;
                }
                entries.Add(new YamlEntry(key, value));
            }
            return new YamlMap(entries, file, At(start.Start));
        }

        private SourceLocation? At(Mark mark) =>
            withLocations ? new SourceLocation((int)mark.Line, (int)mark.Column) : null;
    }
}

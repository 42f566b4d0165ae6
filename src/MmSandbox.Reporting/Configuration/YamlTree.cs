using MmSandbox.Core.Config;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MmSandbox.Reporting.Configuration;

/// <summary>A YAML node that remembers where it was written: the file and the 1-based line:column.</summary>
internal abstract record YamlValue(string? File, SourceLocation? Location);

/// <summary>A scalar as written; <paramref name="IsPlain"/> is false for quoted or tagged scalars, which are always strings.</summary>
internal sealed record YamlScalar(string Text, bool IsPlain, string? File, SourceLocation? Location) : YamlValue(File, Location)
{
    /// <summary>True when the scalar carries an explicit tag such as <c>!!float</c>.</summary>
    public bool IsTagged { get; init; }

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
            var where = new SourceLocation((int)e.Start.Line, (int)e.Start.Column);
            var message = e.Message;
            // YamlDotNet places a tab used as indentation at 1:1 or at the value before it; point at the tab itself.
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstIndentingTab(text, where.Line) is { } tab)
                (where, message) = (tab, "a tab indents this line; YAML indentation must be spaces");
            malformed = true;
            errors.Add(new ConfigError(SyntaxPath, $"malformed YAML: {message}") { File = file, Location = withLocations ? where : null });
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException when a flow list or mapping left open runs
            // into the lines after it (e.g. "a: [1, 2" followed by "b: 3").
            var (where, message) = reader.OpenFlow is { } open
                ? (open.Start, $"this '{open.Opener}' is never closed; it must be closed with '{(open.Opener == '[' ? ']' : '}')}' on or after this line")
                : (reader.LastMark, "the text after this point cannot be read");
            malformed = true;
            errors.Add(new ConfigError(SyntaxPath, $"malformed YAML: {message}")
            {
                File = file,
                Location = withLocations ? new SourceLocation((int)where.Line, (int)where.Column) : null,
            });
            return null;
        }
    }

    /// <summary>The first tab in the indentation of a line with content, at or after 1-based line <paramref name="fromLine"/>.</summary>
    private static SourceLocation? FirstIndentingTab(string text, int fromLine)
    {
        var lines = text.Split(["\r\n", "\r", "\n"], StringSplitOptions.None);
        for (int i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var content = lines[i].TrimStart(' ', '\t');
            int tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < lines[i].Length - content.Length && content.Length > 0 && !content.StartsWith('#'))
                return new SourceLocation(i + 1, tab + 1);
        }
        return null;
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

    /// <summary>
    /// Appends a key to a dotted path: <c>market</c> + <c>s0</c> → <c>market.s0</c>; an empty key is spelled
    /// <c>''</c>, so that no error ever has an empty path.
    /// </summary>
    public static string Join(string path, string key)
    {
        var name = key.Length == 0 ? "''" : key;
        return path.Length == 0 ? name : $"{path}.{name}";
    }

    private sealed class Reader(IParser parser, string file, bool withLocations, List<ConfigError> errors)
    {
        /// <summary>The deepest nesting of lists and mappings read; a config needs 3, and each level costs stack.</summary>
        private const int MaxDepth = 64;

        private readonly Dictionary<string, YamlValue> _anchors = new(StringComparer.Ordinal);
        private readonly Stack<(Mark Start, char Opener)> _openFlows = new();
        private int _depth;

        /// <summary>The innermost flow list or mapping ('[' or '{') opened and not yet closed, if any.</summary>
        public (Mark Start, char Opener)? OpenFlow => _openFlows.Count > 0 ? _openFlows.Peek() : null;

        /// <summary>Where the last event read starts.</summary>
        public Mark LastMark { get; private set; } = Mark.Empty;

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
            LastMark = parser.Current?.Start ?? LastMark;
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
                node = new YamlScalar(scalar.Value, scalar.IsPlainImplicit, file, At(scalar.Start)) { IsTagged = !scalar.Tag.IsEmpty };
                anchor = scalar.Anchor;
            }
            else if (parser.TryConsume<SequenceStart>(out var sequence))
            {
                Enter(sequence, sequence.Style == SequenceStyle.Flow ? '[' : null);
                var items = new List<YamlValue>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                    items.Add(Node($"{path}[{items.Count}]"));
                Leave(sequence.Style == SequenceStyle.Flow);
                node = new YamlList(items, file, At(sequence.Start));
                anchor = sequence.Anchor;
            }
            else
            {
                var mapping = parser.Consume<MappingStart>();
                Enter(mapping, mapping.Style == MappingStyle.Flow ? '{' : null);
                node = Mapping(path, mapping);
                Leave(mapping.Style == MappingStyle.Flow);
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

        private void Enter(ParsingEvent start, char? flowOpener)
        {
            if (++_depth > MaxDepth)
                throw new YamlException(start.Start, start.End, $"lists and mappings are nested more than {MaxDepth} levels deep here; a config must not nest deeper than that");
            if (flowOpener is { } opener)
                _openFlows.Push((start.Start, opener));
        }

        private void Leave(bool flow)
        {
            _depth--;
            if (flow)
                _openFlows.Pop();
        }

        private SourceLocation? At(Mark mark) =>
            withLocations ? new SourceLocation((int)mark.Line, (int)mark.Column) : null;
    }
}

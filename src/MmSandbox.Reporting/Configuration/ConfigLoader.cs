using MmSandbox.Core.Config;

namespace MmSandbox.Reporting.Configuration;

/// <summary>
/// Loads a <see cref="SimulationConfig"/> from YAML. Missing fields take the values of
/// <see cref="SimulationConfig.Paper"/>; a file may name a <c>base:</c> file to merge over; <c>--set path=value</c>
/// overrides come last. Every mistake is collected, with its field path and the file and line:column it came from,
/// and thrown together as one <see cref="ConfigException"/>.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The <see cref="ConfigError.File"/> of errors in command-line overrides.</summary>
    public const string SetSource = "--set";

    /// <summary>The longest config file read, in characters; a config is a few dozen lines.</summary>
    public const int MaxFileChars = 1 << 20;

    /// <summary>Loads the YAML file at <paramref name="path"/>, then applies <paramref name="sets"/> (each <c>path=value</c>).</summary>
    /// <exception cref="ConfigException">The file cannot be read, or the configuration has errors; carries all of them.</exception>
    public static SimulationConfig Load(string path, IReadOnlyList<string>? sets = null)
    {
        string text;
        try
        {
            text = ReadText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConfigException([new ConfigError("(file)", $"cannot read the config file: {e.Message}") { File = path }]);
        }
        return LoadText(text, path, sets, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>
    /// Loads YAML <paramref name="yaml"/> that came from <paramref name="fileName"/> (the name errors carry), then
    /// applies <paramref name="sets"/>. A <c>base:</c> path is resolved against <paramref name="baseDirectory"/>,
    /// or the current directory when null.
    /// </summary>
    /// <exception cref="ConfigException">The configuration has errors; carries all of them.</exception>
    public static SimulationConfig LoadText(string yaml, string fileName, IReadOnlyList<string>? sets = null, string? baseDirectory = null)
    {
        var directory = Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory());
        var errors = new List<ConfigError>();
        var files = new FileLoader(errors);
        var root = files.Load(yaml, fileName, directory, [Path.GetFullPath(fileName, directory)]);
        if (files.Malformed)
            throw new ConfigException(errors);
        foreach (var set in sets ?? [])
        {
            if (ParseSet(set, errors) is { } overlay)
                root = YamlTree.Merge(root, overlay) as YamlMap;
        }
        var binder = new ConfigBinder();
        var config = binder.Bind(root);
        errors.AddRange(binder.Errors);
        errors.AddRange(binder.Locate(config.Validate(), fileName));
        return errors.Count == 0 ? config : throw new ConfigException(errors);
    }

    /// <summary>
    /// The text of the file at <paramref name="path"/>, refusing one longer than <see cref="MaxFileChars"/> (such as
    /// <c>/dev/zero</c>, which would otherwise be read until memory runs out).
    /// </summary>
    /// <exception cref="IOException">The file cannot be read or is too long.</exception>
    private static string ReadText(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[MaxFileChars + 1];
        int length = reader.ReadBlock(buffer, 0, buffer.Length);
        return length <= MaxFileChars
            ? new string(buffer, 0, length)
            : throw new IOException($"it is longer than {MaxFileChars:N0} characters; a config file must be a few lines of YAML");
    }

    /// <summary>A tree of the form <c>{section: {field: value}}</c> for one <c>path=value</c>, or null when it is wrong (reported).</summary>
    private static YamlMap? ParseSet(string set, List<ConfigError> errors)
    {
        int equals = set.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            var path = set.Trim();
            const string Message = "an override must have the form path=value, e.g. market_maker.gamma=0.01";
            errors.Add(new ConfigError(path.Length == 0 ? SetSource : path, Message, set) { File = SetSource });
            return null;
        }
        var key = set[..equals].Trim();
        var value = set[(equals + 1)..];
        if (!ConfigSchema.SettablePaths.Contains(key))
        {
            string message;
            if (key.Length == 0)
                message = "an override must have the form path=value; the path is empty";
            else if (key.Contains('[', StringComparison.Ordinal))
                message = "list items cannot be set one by one; set the whole list, e.g. metrics.markout_horizons=[1, 5]";
            else if (ConfigSchema.Suggest(key, ConfigSchema.SettablePaths) is { } suggestion)
                message = $"unknown setting '{key}'; did you mean '{suggestion}'?";
            else
                message = $"unknown setting '{key}'; settings are the top-level fields ({string.Join(", ", ConfigSchema.Top)}) and section.field paths such as market_maker.gamma";
            errors.Add(new ConfigError(key.Length == 0 ? SetSource : key, message, value) { File = SetSource });
            return null;
        }
        var parsed = YamlTree.Parse(value, SetSource, key, withLocations: false, errors, out bool malformed);
        if (malformed)
        {
            var syntax = errors[^1];
            errors[^1] = syntax with { Path = key, Value = value };
            return null;
        }
        YamlValue node = parsed ?? new YamlScalar("", IsPlain: true, SetSource, null);
        var segments = key.Split('.');
        for (int i = segments.Length - 1; i >= 0; i--)
            node = new YamlMap([new YamlEntry(new YamlScalar(segments[i], IsPlain: true, SetSource, null), node)], SetSource, null);
        return (YamlMap)node;
    }

    /// <summary>Reads a file and, before it, the chain of its <c>base:</c> files.</summary>
    private sealed class FileLoader(List<ConfigError> errors)
    {
        /// <summary>True when some file was not valid YAML, so that binding would only add noise.</summary>
        public bool Malformed { get; private set; }

        /// <summary>
        /// The tree of <paramref name="text"/> merged over its base files; <paramref name="chain"/> holds the full
        /// paths of the files that led here, to detect cycles.
        /// </summary>
        public YamlMap? Load(string text, string fileName, string directory, IReadOnlyList<string> chain)
        {
            var root = YamlTree.Parse(text, fileName, "", withLocations: true, errors, out bool malformed);
            Malformed |= malformed;
            switch (root)
            {
                case null or YamlScalar { IsNull: true }:
                    return null;
                case not YamlMap:
                    errors.Add(new ConfigError("(root)", "a config file must be a mapping of settings, e.g. 'seed: 42'")
                    {
                        File = fileName,
                        Location = root.Location,
                    });
                    return null;
            }
            var map = (YamlMap)root;
            if (map.Find(ConfigSchema.BaseKey) is not { } baseNode)
                return map;
            map = map.Without(ConfigSchema.BaseKey);
            var under = LoadBase(baseNode, fileName, directory, chain);
            return under is null ? map : (YamlMap)YamlTree.Merge(under, map);
        }

        private YamlMap? LoadBase(YamlValue node, string fileName, string directory, IReadOnlyList<string> chain)
        {
            if (node is not YamlScalar { IsNull: false, Text.Length: > 0 } scalar)
            {
                Error(node, "must be the path of a config file, relative to this file's folder", null);
                return null;
            }
            if (scalar.Text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                Error(node, "must be the path of a config file, relative to this file's folder; this one holds a character no path may hold", scalar.Text);
                return null;
            }
            var fullPath = Path.GetFullPath(scalar.Text, directory);
            if (chain.Contains(fullPath, StringComparer.Ordinal))
            {
                var cycle = string.Join(" → ", chain.SkipWhile(p => p != fullPath).Append(fullPath).Select(Path.GetFileName));
                Error(node, $"base files form a cycle: {cycle}", scalar.Text);
                return null;
            }
            string text;
            try
            {
                text = ReadText(fullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Error(node, $"cannot read the base file {fullPath} ({e.Message.TrimEnd('.')}); base must name a readable config file, relative to this file's folder", scalar.Text);
                return null;
            }
            var baseName = Path.Combine(Path.GetDirectoryName(fileName) ?? "", scalar.Text);
            return Load(text, baseName, Path.GetDirectoryName(fullPath)!, [.. chain, fullPath]);
        }

        private void Error(YamlValue node, string message, object? value) =>
            errors.Add(new ConfigError(ConfigSchema.BaseKey, message, value) { File = node.File, Location = node.Location });
    }
}

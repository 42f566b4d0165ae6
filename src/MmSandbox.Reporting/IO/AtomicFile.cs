using System.Text;

namespace MmSandbox.Reporting.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content: the bytes go to a
/// temporary file in the same folder, are flushed to disk, and the temporary file is renamed over the target.
/// If writing fails the temporary file is deleted and the target is left as it was.
/// </summary>
public static class AtomicFile
{
    /// <summary>UTF-8 without a byte-order mark.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) => WriteText(path, writer => writer.Write(text));

    /// <summary>Writes what <paramref name="write"/> writes as UTF-8 text without a byte-order mark, <c>\n</c> as <see cref="TextWriter.NewLine"/>.</summary>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        write(writer);
        writer.Flush();
    });

    /// <summary>Writes the bytes <paramref name="write"/> puts into the stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(directory, TempName(Path.GetFileName(full)));
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Deletes temporary files that a killed process left in <paramref name="directory"/> (and below it when
    /// <paramref name="recursive"/>); returns how many. Never touches a completed file.
    /// </summary>
    public static int RemoveLeftovers(string directory, bool recursive)
    {
        if (!Directory.Exists(directory)) return 0;
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp-*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
        {
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    /// <summary>The temporary name for <paramref name="fileName"/>: hidden, and distinct per process and thread.</summary>
    internal static string TempName(string fileName) =>
        $".{fileName}.tmp-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is the one worth reporting.
        }
    }
}

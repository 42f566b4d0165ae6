namespace MmSandbox.Reporting.Study;

/// <summary>A file of a study folder is missing or malformed; the message names the file and what is wrong.</summary>
public sealed class StudyFileException : Exception
{
    /// <summary>A problem with <paramref name="filePath"/>.</summary>
    public StudyFileException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
    }

    /// <summary>The file that is missing or malformed.</summary>
    public string FilePath { get; }
}

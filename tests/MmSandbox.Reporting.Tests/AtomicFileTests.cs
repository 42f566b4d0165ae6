using MmSandbox.Reporting.IO;

namespace MmSandbox.Reporting.Tests;

public sealed class AtomicFileTests
{
    [Fact]
    public void Writing_replaces_the_old_content_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.txt");
        File.WriteAllText(path, "old content that is longer");

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["out.txt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_writer_that_throws_leaves_the_old_file_intact_and_no_temporary_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.txt");
        File.WriteAllText(path, "old");

        var thrown = Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(path, w =>
        {
            w.Write("half of the new");
            w.Flush();
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.Equal("disk on fire", thrown.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["out.txt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_stream_writer_that_throws_creates_no_file_where_there_was_none()
    {
        using var folder = new TempFolder();

        Assert.Throws<IOException>(() => AtomicFile.Write(folder.File("new.bin"), s =>
        {
            s.WriteByte(1);
            throw new IOException("gone");
        }));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Text_is_written_as_utf8_without_a_byte_order_mark()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.txt");

        AtomicFile.WriteText(path, w => w.WriteLine("σ"));

        // σ is U+03C3: CF 83 in UTF-8; then the \n line ending.
        Assert.Equal(new byte[] { 0xCF, 0x83, 0x0A }, File.ReadAllBytes(path));
    }

    [Fact]
    public void The_temporary_file_is_hidden_in_the_same_folder()
    {
        Assert.StartsWith(".summary.json.tmp-", AtomicFile.TempName("summary.json"), StringComparison.Ordinal);
    }
}

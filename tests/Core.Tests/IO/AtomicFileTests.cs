using System.Text;
using OrleansRegistry.Core.IO;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Core.Tests.IO;

/// <summary>A file is replaced whole, or not at all, and nothing of the write is left beside it.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Write_replaces_the_old_content_and_leaves_no_temporary_file(bool durable)
    {
        var path = Path.Combine(_directory.Path, "state");
        await File.WriteAllTextAsync(path, "old content, longer than the new");

        await AtomicFile.WriteAsync(path, (file, ct) => file.WriteAsync(Encoding.ASCII.GetBytes("new"), ct).AsTask(), durable, default);

        Assert.Equal("new", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public async Task Write_that_fails_leaves_the_old_content()
    {
        var path = Path.Combine(_directory.Path, "state");
        await File.WriteAllTextAsync(path, "old");

        await Assert.ThrowsAsync<IOException>(() => AtomicFile.WriteAsync(path, async (file, ct) =>
        {
            await file.WriteAsync(Encoding.ASCII.GetBytes("half of the new"), ct);
            throw new IOException("disk full");
        }, durable: true, default));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
    }
}

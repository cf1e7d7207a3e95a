using OrleansRegistry.TestKit;

namespace OrleansRegistry.Storage.FileSystem.Tests;

/// <summary>
/// What is particular to reading the tree on disk: a key names a place under the root and nowhere else, whatever
/// another program wrote into the listings it comes from. What every driver does is in
/// <see cref="FileSystemBlobStoreContractTests"/>.
/// </summary>
public sealed class FileSystemTreeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemBlobStore _store;

    public FileSystemTreeTests()
    {
        _store = new FileSystemBlobStore(_directory.Combine("root"));
        File.WriteAllText(_directory.Combine("secret"), "outside the root");
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("../secret")]
    [InlineData("docker/../../secret")]
    [InlineData("/secret")]
    [InlineData("docker//registry")]
    [InlineData("./docker")]
    public async Task A_key_with_a_segment_leading_out_of_the_root_is_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadSmallAsync(key, 1024, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in _store.ListChildrenAsync(key, CancellationToken.None))
            {
            }
        });
    }
}

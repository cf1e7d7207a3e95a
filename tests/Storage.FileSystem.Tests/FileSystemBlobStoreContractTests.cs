using OrleansRegistry.Storage;
using OrleansRegistry.TestKit;
using OrleansRegistry.TestKit.Storage;

namespace OrleansRegistry.Storage.FileSystem.Tests;

/// <summary>The driver contract, on a directory of the test's own.</summary>
public sealed class FileSystemBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreContractTests()
    {
        _store = new FileSystemBlobStore(_directory.Path);
    }

    protected override IBlobStore Store => _store;

    protected override IStorageTree Tree => _store;

    public void Dispose() => _directory.Dispose();

    protected override async Task WriteObjectAsync(string key, byte[] content)
    {
        var path = _directory.Combine(key.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content);
    }

    protected override async Task<byte[]?> ReadObjectAsync(string key)
    {
        var path = _directory.Combine(key.Split('/'));
        return File.Exists(path) ? await File.ReadAllBytesAsync(path) : null;
    }
}

using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// A blob a repository links but whose bytes are gone from storage (lost disk, manual cleanup) is answered as
/// BLOB_UNKNOWN, not as a 500 or a truncated 200. Needs a registry of its own to reach into its data directory.
/// </summary>
public sealed class BlobStorageLossTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    private RegistryClient Client => _registry!.Client;

    private string StorageRoot => Path.Combine(_data.Path, "blob-storage");

    public async Task InitializeAsync() =>
        _registry = await RunningRegistry.StartAsync(_data.Path, "--Registry:Storage:RootDirectory", StorageRoot);

    [Theory]
    [InlineData(null)]
    [InlineData("bytes=0-9")]
    public async Task Get_of_a_linked_blob_missing_from_storage_is_blob_unknown(string? range)
    {
        var repository = RepositoryNames.Unique("lost");
        var blob = await Client.PushBlobAsync(repository, TestContent.RandomBytes(100));
        var hex = blob.Digest["sha256:".Length..];
        // The filesystem store's layout, as CNCF Distribution's: blobs/<algorithm>/<first two hex>/<hex>/data.
        File.Delete(Path.Combine(StorageRoot, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data"));

        using var response = range is null
            ? await Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}")
            : await Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("Range", range));

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _data.Dispose();
    }
}

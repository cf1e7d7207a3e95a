using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// A blob a repository links, or a manifest it records, whose bytes are gone from storage (lost disk, manual
/// cleanup) is answered as BLOB_UNKNOWN or MANIFEST_UNKNOWN, not as a 500 or a truncated 200. Needs a registry of
/// its own to reach into its data directory, with no manifest cache to answer from memory.
/// </summary>
public sealed class BlobStorageLossTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    private RegistryClient Client => _registry!.Client;

    private string StorageRoot => Path.Combine(_data.Path, "blob-storage");

    public async Task InitializeAsync() =>
        _registry = await RunningRegistry.StartAsync(_data.Path, "--Registry:Storage:RootDirectory", StorageRoot, "--Registry:Api:ManifestCacheBytes", "0");

    [Theory]
    [InlineData(null)]
    [InlineData("bytes=0-9")]
    public async Task Get_of_a_linked_blob_missing_from_storage_is_blob_unknown(string? range)
    {
        var repository = RepositoryNames.Unique("lost");
        var blob = await Client.PushBlobAsync(repository, TestContent.RandomBytes(100));
        DeleteStored(blob.Digest);

        using var response = range is null
            ? await Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}")
            : await Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("Range", range));

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Get_of_a_manifest_whose_bytes_are_missing_from_storage_is_manifest_unknown()
    {
        var repository = RepositoryNames.Unique("lost");
        var image = await Client.PushImageAsync(repository, "v1");
        DeleteStored(image.Manifest.Digest);

        using var response = await Client.GetAsync($"/v2/{repository}/manifests/v1", ("Accept", MediaTypeNames.OciManifest));

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    /// <summary>Deletes a blob's bytes where the filesystem store keeps them, as CNCF Distribution does: blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;/data.</summary>
    private void DeleteStored(string digest)
    {
        var hex = digest["sha256:".Length..];
        File.Delete(Path.Combine(StorageRoot, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data"));
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

using Microsoft.Extensions.Caching.Memory;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Application.Manifests;

/// <summary>
/// Manifest bytes by digest. Content-addressed bytes never change, so every gateway may keep them without any
/// invalidation; only the repository grain says which digests a repository holds.
/// </summary>
public sealed class ManifestContentCache(IBlobStore store, long capacityBytes) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, capacityBytes) });

    public async Task<byte[]> GetAsync(Digest digest, long size, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(digest, out byte[]? cached) && cached is not null)
        {
            return cached;
        }

        var content = new byte[size];
        try
        {
            await using var stream = await store.OpenBlobAsync(digest, 0, size, cancellationToken);
            await stream.ReadExactlyAsync(content, cancellationToken);
        }
        catch (Exception e) when (e is BlobNotFoundException or EndOfStreamException)
        {
            // The repository records the manifest, but storage lost its bytes (a lost disk, a manual cleanup): the
            // client is told it is unknown, as a blob in that state is, rather than a 500.
            throw new RegistryException(RegistryErrorCode.ManifestUnknown, $"{digest} is recorded but its bytes are missing from storage");
        }

        Add(digest, content);
        return content;
    }

    public void Add(Digest digest, byte[] content) =>
        _cache.Set(digest, content, new MemoryCacheEntryOptions { Size = content.Length });

    public void Dispose() => _cache.Dispose();
}

using Microsoft.Extensions.Caching.Memory;
using OrleansRegistry.Core.Digests;
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
        await using (var stream = await store.OpenBlobAsync(digest, 0, size, cancellationToken))
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        Add(digest, content);
        return content;
    }

    public void Add(Digest digest, byte[] content) =>
        _cache.Set(digest, content, new MemoryCacheEntryOptions { Size = content.Length });

    public void Dispose() => _cache.Dispose();
}

using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Import;

/// <summary>
/// Checks that a blob's stored bytes have its digest, hashing them as they are read, once per run: a base layer
/// that a hundred repositories link is read once, and so is a damaged one.
/// </summary>
/// <param name="hash">False for a dry run, where the bytes need only be there.</param>
internal sealed class BlobVerifier(IBlobStore blobs, bool hash)
{
    private readonly Dictionary<Digest, StoredContent> _checked = [];

    public async Task<StoredContent> CheckAsync(Digest digest, CancellationToken cancellationToken)
    {
        if (!_checked.TryGetValue(digest, out var result))
        {
            result = hash ? await HashAsync(digest, cancellationToken) : await SizeAsync(digest, cancellationToken);
            _checked[digest] = result;
        }

        return result;
    }

    private async Task<StoredContent> SizeAsync(Digest digest, CancellationToken cancellationToken) =>
        await blobs.GetBlobSizeAsync(digest, cancellationToken) is { } size ? StoredContent.Found(size) : StoredContent.Refused("its bytes are not in storage");

    private async Task<StoredContent> HashAsync(Digest digest, CancellationToken cancellationToken)
    {
        Stream content;
        try
        {
            content = await blobs.OpenBlobAsync(digest, 0, null, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            return StoredContent.Refused("its bytes are not in storage");
        }

        await using (content)
        {
            var (actual, size) = await Digest.ComputeAsync(digest.Algorithm, content, cancellationToken);
            return actual == digest ? StoredContent.Found(size) : StoredContent.Refused($"its bytes have the digest {actual}");
        }
    }
}

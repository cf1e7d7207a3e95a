using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Storage;

public sealed class BlobNotFoundException(Digest digest) : Exception($"blob {digest} is not in storage")
{
    public Digest Digest { get; } = digest;
}

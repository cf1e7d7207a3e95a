using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Storage;

/// <summary>A blob found in storage: what a garbage collector needs to weigh it against what links it.</summary>
/// <param name="LastModified">When its bytes were stored, so that a collector can spare blobs younger than a push in flight.</param>
public sealed record StoredBlob(Digest Digest, long Size, DateTimeOffset LastModified);

using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Upstream;

/// <summary>What a <c>HEAD</c> of a manifest says: its digest, where the upstream names it.</summary>
public sealed record UpstreamManifestHead(Digest? Digest, string? MediaType);

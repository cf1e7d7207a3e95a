using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Upstream;

/// <summary>A manifest as the upstream served it, before anything here trusts it.</summary>
/// <param name="MediaType">The response's Content-Type.</param>
/// <param name="Digest">The upstream's <c>Docker-Content-Digest</c>, if it sent a valid one.</param>
public sealed record UpstreamManifest(byte[] Content, string? MediaType, Digest? Digest);

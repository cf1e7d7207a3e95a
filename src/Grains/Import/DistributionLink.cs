using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Grains.Import;

/// <summary>A link file found under a directory of digests: the digest it names, or why it names none.</summary>
/// <param name="Name">The digest as the path spells it, <c>algorithm:hex</c>, to report it by.</param>
internal sealed record DistributionLink(string Name, Digest? Digest, string? Problem);

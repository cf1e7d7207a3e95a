namespace OrleansRegistry.Core.Manifests;

/// <summary>The platform of an index entry; used to pick a child for clients that cannot read indexes.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant);

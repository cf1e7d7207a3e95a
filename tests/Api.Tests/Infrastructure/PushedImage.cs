namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>An image pushed to a repository: its config, its one layer, and its manifest with the exact bytes sent.</summary>
public sealed record PushedImage(
    string Repository,
    ContentDescriptor Config,
    ContentDescriptor Layer,
    byte[] LayerContent,
    ContentDescriptor Manifest,
    byte[] ManifestContent);

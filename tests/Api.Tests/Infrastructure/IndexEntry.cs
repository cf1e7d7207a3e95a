namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>A manifest listed in an index, with the platform it is for.</summary>
public sealed record IndexEntry(ContentDescriptor Manifest, string Os = "linux", string Architecture = "amd64");

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>An OCI content descriptor as found in index.json, an image index or a manifest.</summary>
internal sealed record OciDescriptor(string MediaType, string Digest, long Size);

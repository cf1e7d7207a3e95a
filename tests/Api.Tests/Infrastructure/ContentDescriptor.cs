using System.Text.Json.Nodes;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>An OCI descriptor of pushed content: what a manifest says about a blob or another manifest.</summary>
public sealed record ContentDescriptor(string MediaType, string Digest, long Size)
{
    public static ContentDescriptor Of(string mediaType, byte[] content) => new(mediaType, TestContent.Sha256(content), content.Length);

    public JsonObject ToJson() => new()
    {
        ["mediaType"] = MediaType,
        ["digest"] = Digest,
        ["size"] = Size,
    };
}

using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>Fresh names, so tests sharing a cluster never see each other's repositories or uploads.</summary>
internal static class Names
{
    public static RepositoryName Repository(string purpose = "repo") => RepositoryName.Parse($"tests/{purpose}-{Guid.NewGuid():N}");

    public static UploadId UploadId() => Core.Naming.UploadId.New();

    public static Tag Tag(string tag) => Core.Naming.Tag.Parse(tag);
}

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>Fresh names, so tests sharing a cluster never see each other's repositories or uploads.</summary>
internal static class Names
{
    public static string Repository(string purpose = "repo") => $"tests/{purpose}-{Guid.NewGuid():N}";

    public static string UploadId() => Guid.NewGuid().ToString();
}

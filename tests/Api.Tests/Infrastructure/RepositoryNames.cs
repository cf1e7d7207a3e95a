namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>Repository names no other test uses, so tests can share one registry.</summary>
public static class RepositoryNames
{
    public static string Unique(string area) => $"{area}/{Guid.NewGuid():N}";
}

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>The tests that run against the shared default registry, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}

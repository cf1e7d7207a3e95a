namespace OrleansRegistry.Api.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class DeletesDisabledRegistryCollection : ICollectionFixture<DeletesDisabledRegistryFixture>
{
    public const string Name = "registry with deletes disabled";
}

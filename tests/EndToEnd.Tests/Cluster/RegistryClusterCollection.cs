namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>The cluster tests share one cluster: starting Redis, S3, two silos and two gateways takes a while.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryClusterCollection : ICollectionFixture<RegistryCluster>
{
    public const string Name = "registry cluster";
}

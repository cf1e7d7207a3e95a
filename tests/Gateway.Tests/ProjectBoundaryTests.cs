using OrleansRegistry.TestKit;

namespace OrleansRegistry.Gateway.Tests;

/// <summary>A gateway is stateless: it knows the grains by their contracts and ships none of them.</summary>
public sealed class ProjectBoundaryTests
{
    private readonly ProjectGraph _gateway = ProjectGraph.Of("src/Gateway/OrleansRegistry.Gateway.csproj");

    [Fact]
    public void The_gateway_references_no_grain_implementation() =>
        Assert.DoesNotContain("OrleansRegistry.Grains", _gateway.Projects);

    [Fact]
    public void The_gateway_references_no_orleans_server() =>
        Assert.DoesNotContain("Microsoft.Orleans.Server", _gateway.Packages);

    [Fact]
    public void The_gateway_reaches_the_grains_through_their_contracts() =>
        Assert.Contains("OrleansRegistry.Grains.Abstractions", _gateway.Projects);
}

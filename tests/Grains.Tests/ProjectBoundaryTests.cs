using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests;

/// <summary>The grains use the storage driver contract; the host picks the driver.</summary>
public sealed class ProjectBoundaryTests
{
    private readonly ProjectGraph _grains = ProjectGraph.Of("src/Grains/OrleansRegistry.Grains.csproj");

    [Theory]
    [InlineData("OrleansRegistry.Storage.FileSystem")]
    [InlineData("OrleansRegistry.Storage.S3")]
    public void The_grains_reference_no_storage_driver(string driver) => Assert.DoesNotContain(driver, _grains.Projects);

    [Fact]
    public void The_grains_reference_the_driver_contract() => Assert.Contains("OrleansRegistry.Storage", _grains.Projects);

    [Fact]
    public void The_grains_reference_neither_the_http_api_nor_the_application_layer()
    {
        Assert.DoesNotContain("OrleansRegistry.Api", _grains.Projects);
        Assert.DoesNotContain("OrleansRegistry.Application", _grains.Projects);
    }
}

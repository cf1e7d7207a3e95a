using System.Reflection;
using OrleansRegistry.Api.Handlers;
using OrleansRegistry.Storage;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests;

/// <summary>
/// Handlers parse and answer: what they do goes through the application layer, which decides the order in which
/// content becomes visible. No type of the HTTP API takes a grain factory or a storage driver.
/// </summary>
public sealed class ProjectBoundaryTests
{
    [Fact]
    public void The_http_api_references_the_application_layer_and_no_grain_or_driver_project()
    {
        var api = ProjectGraph.Of("src/Api/OrleansRegistry.Api.csproj");

        Assert.Contains("OrleansRegistry.Application", api.Projects);
        Assert.DoesNotContain("OrleansRegistry.Grains", api.Projects);
        Assert.DoesNotContain("OrleansRegistry.Storage.FileSystem", api.Projects);
        Assert.DoesNotContain("OrleansRegistry.Storage.S3", api.Projects);
    }

    [Fact]
    public void No_type_of_the_http_api_depends_on_grains_or_a_driver_directly()
    {
        var forbidden = new[] { typeof(IGrainFactory), typeof(IBlobStore) };
        var offenders = typeof(BlobHandler).Assembly.GetTypes()
            .SelectMany(type => type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(constructor => constructor.GetParameters())
                .Where(parameter => forbidden.Any(f => f.IsAssignableFrom(parameter.ParameterType)))
                .Select(parameter => $"{type.Name}({parameter.ParameterType.Name})"))
            .ToList();

        Assert.Empty(offenders);
    }
}

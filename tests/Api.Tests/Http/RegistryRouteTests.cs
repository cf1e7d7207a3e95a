using OrleansRegistry.Api.Http;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>
/// Paths are matched whole: the repository name runs up to the last endpoint suffix, so names may themselves
/// contain "manifests", "blobs", "uploads" or "tags" segments.
/// </summary>
public sealed class RegistryRouteTests
{
    private const string Digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [InlineData("/v2/")]
    [InlineData("/v2")]
    public void The_api_root_is_the_base_endpoint_with_or_without_its_slash(string path) =>
        Assert.Equal(new RegistryRoute(RouteKind.Base), RegistryRoute.Match(path));

    [Fact]
    public void The_catalog_has_no_repository_name() =>
        Assert.Equal(new RegistryRoute(RouteKind.Catalog), RegistryRoute.Match("/v2/_catalog"));

    [Theory]
    [InlineData("/v2/library/alpine/tags/list", RouteKind.Tags, "library/alpine", "")]
    [InlineData("/v2/alpine/manifests/latest", RouteKind.Manifest, "alpine", "latest")]
    [InlineData("/v2/a/b/c/manifests/" + Digest, RouteKind.Manifest, "a/b/c", Digest)]
    [InlineData("/v2/alpine/blobs/" + Digest, RouteKind.Blob, "alpine", Digest)]
    [InlineData("/v2/alpine/blobs/uploads/", RouteKind.UploadStart, "alpine", "")]
    [InlineData("/v2/alpine/blobs/uploads", RouteKind.UploadStart, "alpine", "")]
    [InlineData("/v2/alpine/blobs/uploads/0b8c5a5e-3d55-4c3e-9f0c-2f1f0c6d7e8a", RouteKind.Upload, "alpine", "0b8c5a5e-3d55-4c3e-9f0c-2f1f0c6d7e8a")]
    [InlineData("/v2/alpine/referrers/" + Digest, RouteKind.Referrers, "alpine", Digest)]
    public void Each_endpoint_yields_its_kind_name_and_argument(string path, RouteKind kind, string name, string argument) =>
        Assert.Equal(new RegistryRoute(kind, name, argument), RegistryRoute.Match(path));

    [Theory]
    [InlineData("/v2/a/manifests/b/manifests/latest", RouteKind.Manifest, "a/manifests/b", "latest")]
    [InlineData("/v2/manifests/blobs/" + Digest, RouteKind.Blob, "manifests", Digest)]
    [InlineData("/v2/a/blobs/b/blobs/" + Digest, RouteKind.Blob, "a/blobs/b", Digest)]
    [InlineData("/v2/blobs/manifests/latest", RouteKind.Manifest, "blobs", "latest")]
    [InlineData("/v2/a/blobs/uploads/manifests/latest", RouteKind.Manifest, "a/blobs/uploads", "latest")]
    [InlineData("/v2/a/blobs/uploads/blobs/uploads/", RouteKind.UploadStart, "a/blobs/uploads", "")]
    [InlineData("/v2/a/blobs/uploads/blobs/uploads/some-id", RouteKind.Upload, "a/blobs/uploads", "some-id")]
    [InlineData("/v2/a/blobs/uploads/blobs/" + Digest, RouteKind.Blob, "a/blobs/uploads", Digest)]
    [InlineData("/v2/a/manifests/tags/list", RouteKind.Tags, "a/manifests", "")]
    [InlineData("/v2/tags/list/tags/list", RouteKind.Tags, "tags/list", "")]
    [InlineData("/v2/a/referrers/b/referrers/" + Digest, RouteKind.Referrers, "a/referrers/b", Digest)]
    public void Endpoint_words_inside_a_name_belong_to_the_name(string path, RouteKind kind, string name, string argument) =>
        Assert.Equal(new RegistryRoute(kind, name, argument), RegistryRoute.Match(path));

    [Fact]
    public void An_encoded_slash_is_part_of_the_name_not_a_separator()
    {
        var route = RegistryRoute.Match("/v2/a%2Fb/manifests/latest");

        Assert.Equal(new RegistryRoute(RouteKind.Manifest, "a%2Fb", "latest"), route);
    }

    [Fact]
    public void An_encoded_slash_cannot_smuggle_an_endpoint_suffix_into_the_reference()
    {
        var route = RegistryRoute.Match("/v2/a/manifests/x%2Fmanifests%2Flatest");

        Assert.Equal(new RegistryRoute(RouteKind.Manifest, "a", "x%2Fmanifests%2Flatest"), route);
    }

    [Theory]
    [InlineData("/v2/alpine")]
    [InlineData("/v2/alpine/unknown")]
    [InlineData("/v2/alpine/manifests/")]
    [InlineData("/v2/alpine/manifests/a/b")]
    [InlineData("/v2/alpine/blobs/")]
    [InlineData("/v2/alpine/tags/list/more")]
    [InlineData("/v2/alpine/referrers/")]
    [InlineData("/v2/manifests/latest")]
    [InlineData("/v2//manifests/latest")]
    [InlineData("/v2/_catalog/more")]
    [InlineData("/v3/alpine/manifests/latest")]
    [InlineData("/v2x")]
    [InlineData("")]
    public void Paths_that_name_no_endpoint_do_not_match(string path) => Assert.Null(RegistryRoute.Match(path));
}

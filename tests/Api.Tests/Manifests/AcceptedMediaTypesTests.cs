using OrleansRegistry.Api.Manifests;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Manifests;

/// <summary>The manifest types a client accepts, from every Accept line it sent.</summary>
public sealed class AcceptedMediaTypesTests
{
    [Fact]
    public void No_accept_header_accepts_any_type() =>
        Assert.True(AcceptedMediaTypes.From([]).Accepts(MediaTypeNames.OciIndex));

    [Fact]
    public void Empty_accept_values_accept_any_type() =>
        Assert.True(AcceptedMediaTypes.From([null, ""]).Accepts(MediaTypeNames.DockerManifest));

    [Fact]
    public void Every_line_counts_not_only_the_first()
    {
        var accepted = AcceptedMediaTypes.From(MediaTypeNames.ContainersImageAccept);

        Assert.All(MediaTypeNames.ContainersImageAccept, type => Assert.True(accepted.Accepts(type), type));
    }

    [Fact]
    public void Comma_separated_types_on_one_line_all_count()
    {
        var accepted = AcceptedMediaTypes.From([$"{MediaTypeNames.DockerManifest}, {MediaTypeNames.OciIndex}"]);

        Assert.True(accepted.Accepts(MediaTypeNames.DockerManifest));
        Assert.True(accepted.Accepts(MediaTypeNames.OciIndex));
        Assert.False(accepted.Accepts(MediaTypeNames.OciManifest));
    }

    [Fact]
    public void A_type_not_listed_is_not_accepted() =>
        Assert.False(AcceptedMediaTypes.From([MediaTypeNames.DockerManifest]).Accepts(MediaTypeNames.OciManifest));

    [Fact]
    public void Parameters_such_as_quality_are_ignored() =>
        Assert.True(AcceptedMediaTypes.From([MediaTypeNames.OciManifest + ";q=0.5"]).Accepts(MediaTypeNames.OciManifest));

    [Fact]
    public void Types_compare_without_regard_to_case() =>
        Assert.True(AcceptedMediaTypes.From([MediaTypeNames.OciManifest.ToUpperInvariant()]).Accepts(MediaTypeNames.OciManifest));

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData("text/html, */*;q=0.1")]
    public void Wildcards_accept_any_manifest_type(string accept) =>
        Assert.True(AcceptedMediaTypes.From([accept]).Accepts(MediaTypeNames.DockerManifestList));
}

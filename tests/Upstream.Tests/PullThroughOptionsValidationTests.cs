using OrleansRegistry.TestKit;
using static OrleansRegistry.Upstream.Tests.Settings;

namespace OrleansRegistry.Upstream.Tests;

public sealed class PullThroughOptionsValidationTests
{
    [Fact]
    public void No_upstream_is_a_valid_configuration()
    {
        Assert.Empty(FailuresOf());
    }

    [Fact]
    public void A_complete_upstream_is_valid()
    {
        Assert.Empty(FailuresOf(Setting(0, "dockerhub", "https://registry-1.docker.io", "dockerhub/", ("ManifestTtl", "00:10:00"))));
    }

    [Fact]
    public void An_url_that_is_not_http_names_the_setting_and_its_value()
    {
        var failure = Assert.Single(FailuresOf(Setting(0, "hub", "ftp://example.com", "hub")));

        Assert.Equal("Registry:PullThrough:Upstreams:0:Url is 'ftp://example.com'; it must be an absolute http or https URL without query, e.g. https://registry-1.docker.io.", failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Docker Hub")]
    [InlineData("UPPER")]
    [InlineData("a//b")]
    public void A_prefix_that_is_no_repository_namespace_is_refused(string prefix)
    {
        var failure = Assert.Single(FailuresOf(Setting(0, "hub", "https://example.com", prefix)));

        Assert.StartsWith($"Registry:PullThrough:Upstreams:0:Prefix is '{prefix}'", failure);
    }

    [Fact]
    public void A_prefix_within_another_upstreams_prefix_is_refused()
    {
        var failures = FailuresOf([.. Setting(0, "a", "https://a.example", "cache"), .. Setting(1, "b", "https://b.example", "cache/b")]);

        Assert.Contains(failures, f => f.Contains("the prefix 'cache/b' of b lies within 'cache' of a"));
    }

    [Fact]
    public void Two_upstreams_of_one_name_are_refused()
    {
        var failures = FailuresOf([.. Setting(0, "hub", "https://a.example", "a"), .. Setting(1, "hub", "https://b.example", "b")]);

        Assert.Contains(failures, f => f.Contains("the name 'hub' is given to 2 upstreams"));
    }

    [Fact]
    public void Two_registry_mirrors_are_refused()
    {
        var failures = FailuresOf([
            .. Setting(0, "a", "https://a.example", "a", ("RegistryMirror", "true")),
            .. Setting(1, "b", "https://b.example", "b", ("RegistryMirror", "true")),
        ]);

        Assert.Contains(failures, f => f.Contains("at most one upstream answers the Docker daemon's registry-mirrors"));
    }

    [Fact]
    public void A_user_without_a_password_is_refused()
    {
        var failure = Assert.Single(FailuresOf(Setting(0, "hub", "https://a.example", "a", ("Username", "ci"))));

        Assert.Contains("Username is 'ci' but no Password or PasswordFile is set", failure);
    }

    [Fact]
    public void A_token_with_a_user_is_refused()
    {
        var failures = FailuresOf(Setting(0, "hub", "https://a.example", "a", ("Username", "ci"), ("Password", "x"), ("Token", "t")));

        Assert.Contains(failures, f => f.Contains("Token and Registry:PullThrough:Upstreams:0:Username are both set"));
    }

    [Fact]
    public void A_password_file_that_does_not_exist_is_refused_at_start()
    {
        var failure = Assert.Single(FailuresOf(Setting(0, "hub", "https://a.example", "a", ("Username", "ci"), ("PasswordFile", "/nonexistent/secret"))));

        Assert.StartsWith("Registry:PullThrough:Upstreams:0:PasswordFile is '/nonexistent/secret', which cannot be read", failure);
    }

    [Fact]
    public void A_password_file_is_read_without_its_final_line_break()
    {
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "password");
        File.WriteAllText(file, "s3cret\n");

        var upstream = Read(Setting(0, "hub", "https://a.example", "a", ("Username", "ci"), ("PasswordFile", file))).All.Single();

        Assert.Equal(Convert.ToBase64String("ci:s3cret"u8.ToArray()), upstream.Credentials.Basic!.Parameter);
    }

    [Fact]
    public void A_negative_manifest_ttl_is_refused()
    {
        var failure = Assert.Single(FailuresOf(Setting(0, "hub", "https://a.example", "a", ("ManifestTtl", "-00:00:01"))));

        Assert.StartsWith("Registry:PullThrough:Upstreams:0:ManifestTtl is -00:00:01; it must not be negative", failure);
    }
}

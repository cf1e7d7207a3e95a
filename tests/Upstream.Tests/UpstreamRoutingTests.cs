using OrleansRegistry.Core.Naming;
using static OrleansRegistry.Upstream.Tests.Settings;

namespace OrleansRegistry.Upstream.Tests;

public sealed class UpstreamRoutingTests
{
    private static readonly Upstreams Configured = Read([
        .. Setting(0, "dockerhub", "https://registry-1.docker.io", "dockerhub/", ("RegistryMirror", "true")),
        .. Setting(1, "ghcr", "https://ghcr.io", "ghcr"),
        .. Setting(2, "local-dist", "http://127.0.0.1:5001", "dist"),
    ]);

    private static RepositoryName Name(string value) => RepositoryName.Parse(value);

    [Fact]
    public void A_name_under_a_prefix_is_cached_from_its_upstream_under_that_prefix()
    {
        var resolved = Configured.Resolve(Name("ghcr/owner/tool"), null);

        Assert.Equal("ghcr", resolved.Proxied!.Upstream.Name);
        Assert.Equal(Name("owner/tool"), resolved.Proxied.UpstreamName);
        Assert.Equal(Name("ghcr/owner/tool"), resolved.Local);
        Assert.Null(resolved.Namespace);
    }

    [Fact]
    public void A_single_component_name_on_docker_hub_is_an_official_image_in_library()
    {
        var resolved = Configured.Resolve(Name("dockerhub/alpine"), null);

        Assert.Equal(Name("library/alpine"), resolved.Proxied!.UpstreamName);
        Assert.Equal(Name("dockerhub/library/alpine"), resolved.Local);
    }

    [Fact]
    public void A_single_component_name_elsewhere_stays_as_it_is()
    {
        Assert.Equal(Name("tool"), Configured.Resolve(Name("ghcr/tool"), null).Proxied!.UpstreamName);
    }

    [Fact]
    public void The_docker_daemon_mirror_form_is_served_from_the_docker_hub_cache()
    {
        var resolved = Configured.Resolve(Name("library/alpine"), null);

        Assert.Equal("dockerhub", resolved.Proxied!.Upstream.Name);
        Assert.Equal(Name("dockerhub/library/alpine"), resolved.Local);
        Assert.Null(resolved.Namespace);
    }

    [Fact]
    public void Containerds_ns_routes_to_the_upstream_of_that_host_and_is_echoed()
    {
        var resolved = Configured.Resolve(Name("owner/tool"), "ghcr.io");

        Assert.Equal("ghcr", resolved.Proxied!.Upstream.Name);
        Assert.Equal(Name("ghcr/owner/tool"), resolved.Local);
        Assert.Equal("ghcr.io", resolved.Namespace);
    }

    [Fact]
    public void Docker_hub_is_named_docker_io_as_containerd_names_it()
    {
        var resolved = Configured.Resolve(Name("library/alpine"), "docker.io");

        Assert.Equal(Name("dockerhub/library/alpine"), resolved.Local);
        Assert.Equal("docker.io", resolved.Namespace);
    }

    [Fact]
    public void An_upstream_elsewhere_is_named_by_its_host_and_port()
    {
        Assert.Equal(Name("dist/team/app"), Configured.Resolve(Name("team/app"), "127.0.0.1:5001").Local);
    }

    [Fact]
    public void An_ns_no_upstream_has_is_ignored()
    {
        var resolved = Configured.Resolve(Name("ghcr/owner/tool"), "quay.io");

        Assert.Equal(Name("ghcr/owner/tool"), resolved.Local);
        Assert.Null(resolved.Namespace);
    }

    [Fact]
    public void Without_a_registry_mirror_a_name_under_no_prefix_is_the_registrys_own()
    {
        var upstreams = Read(Setting(0, "ghcr", "https://ghcr.io", "ghcr"));

        var resolved = upstreams.Resolve(Name("team/app"), null);

        Assert.Null(resolved.Proxied);
        Assert.Equal(Name("team/app"), resolved.Local);
    }

    [Fact]
    public void Every_form_of_a_name_finds_the_same_cache_again()
    {
        Assert.Equal(Configured.Resolve(Name("dockerhub/alpine"), null).Local, Configured.Find(Name("dockerhub/library/alpine"))!.Local);
    }
}

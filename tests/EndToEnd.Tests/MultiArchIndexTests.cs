using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// A multi-platform image: an OCI image index over an amd64 and an arm64 manifest, pushed and
/// pulled with `skopeo copy --all`. The index and both children must survive unchanged, and the
/// registry must serve each child by digest.
/// </summary>
public sealed class MultiArchIndexTests(RegistryProcess registry, ITestOutputHelper output)
    : IClassFixture<RegistryProcess>, IDisposable
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task Index_and_both_platform_manifests_round_trip_unchanged()
    {
        using var work = new TemporaryDirectory("e2e-multi");
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var children = new Dictionary<string, OciDescriptor>();
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            // Different content per platform, so the two manifests share no layer.
            children[arch] = await layout.AddImageAsync(arch, arch, new Dictionary<string, string>
            {
                ["/etc/arch"] = TestContent.WriteFile(work.Combine("files", arch), "arch", arch + "\n"),
                ["/opt/payload.bin"] = TestContent.WriteFile(work.Combine("files", arch), "payload.bin", TestContent.RandomBytes(256 * 1024)),
            });
        }

        var index = layout.AddIndex("multi", ["amd64", "arm64"]);
        var skopeo = new Skopeo(_clients, registry);

        // Clients push each child manifest by digest first, then the index by tag.
        await skopeo.PushAsync(layout.Reference("multi"), "e2e/multi:v1", all: true);

        var served = await skopeo.InspectRawAsync("e2e/multi:v1");
        Assert.Equal(index.Digest, Digest.Sha256(served));
        Assert.Equal(layout.ReadBlob(index.Digest), served);
        foreach (var child in children.Values)
        {
            Assert.Equal(layout.ReadBlob(child.Digest), await skopeo.InspectRawAsync($"e2e/multi@{child.Digest}"));
        }

        // A client resolving the tag for arm64 ends up at the arm64 child's config.
        var arm = await skopeo.InspectAsync("e2e/multi:v1", overrideArch: "arm64");
        Assert.Equal("arm64", arm["Architecture"]!.GetValue<string>());
        Assert.Equal(layout.Layers(children["arm64"].Digest).Select(l => l.Digest),
            arm["Layers"]!.AsArray().Select(l => l!.GetValue<string>()));

        await skopeo.PullAsync("e2e/multi:v1", $"oci:{work.Combine("out")}:v1", all: true);
        var pulled = OciLayout.Open(_clients, work.Combine("out"));
        Assert.Equal(index.Digest, pulled.Resolve("v1").Digest);
        Assert.Equal(children.Values.Select(c => c.Digest), pulled.IndexChildren(index.Digest).Select(c => c.Digest));
        foreach (var child in children.Values)
        {
            foreach (var blob in layout.Layers(child.Digest).Append(layout.Config(child.Digest)).Prepend(child))
            {
                Assert.True(pulled.HasBlob(blob.Digest), $"pulled layout lacks {blob.Digest}");
                Assert.Equal(layout.ReadBlob(blob.Digest), pulled.ReadBlob(blob.Digest));
            }
        }
    }

    public void Dispose() => output.WriteLine(registry.LogTail());
}

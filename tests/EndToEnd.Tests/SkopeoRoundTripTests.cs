using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// skopeo copies an image built offline with umoci into the registry and back out; whatever the
/// registry stores and serves must be byte-for-byte what was pushed.
/// </summary>
public sealed class SkopeoRoundTripTests(RegistryProcess registry, ITestOutputHelper output)
    : IClassFixture<RegistryProcess>, IDisposable
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task Pushed_image_is_pulled_back_with_identical_manifest_and_layers()
    {
        using var work = new TemporaryDirectory("e2e-skopeo");
        var big = TestContent.RandomBytes(2 * 1024 * 1024);
        const string hello = "hello from the end-to-end suite\n";
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var pushed = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/data/big.bin"] = TestContent.WriteFile(work.Combine("files"), "big.bin", big),
            ["/etc/hello.txt"] = TestContent.WriteFile(work.Combine("files"), "hello.txt", hello),
        });
        var skopeo = new Skopeo(_clients, registry);

        await skopeo.PushAsync(layout.Reference("v1"), "e2e/app:v1");

        // umoci's manifests omit the optional mediaType field: the registry must keep the bytes as
        // they were sent, not re-serialise them, or the digest would change.
        var served = await skopeo.InspectRawAsync("e2e/app:v1");
        Assert.Equal(pushed.Digest, Digest.Sha256(served));
        Assert.Equal(layout.ReadBlob(pushed.Digest), served);

        await skopeo.PullAsync("e2e/app:v1", $"oci:{work.Combine("out")}:v1");
        var pulled = OciLayout.Open(_clients, work.Combine("out"));
        Assert.Equal(pushed.Digest, pulled.Resolve("v1").Digest);
        var layers = layout.Layers(pushed.Digest);
        Assert.Equal(2, layers.Count);
        foreach (var blob in layers.Append(layout.Config(pushed.Digest)))
        {
            Assert.True(pulled.HasBlob(blob.Digest), $"pulled layout lacks {blob.Digest}");
            Assert.Equal(layout.ReadBlob(blob.Digest), pulled.ReadBlob(blob.Digest));
        }

        // And the files inside the layers are the ones we put there.
        var rootfs = await pulled.UnpackAsync("v1", work.Combine("bundle"));
        Assert.Equal(big, await File.ReadAllBytesAsync(Path.Combine(rootfs, "data", "big.bin")));
        Assert.Equal(hello, await File.ReadAllTextAsync(Path.Combine(rootfs, "etc", "hello.txt")));
    }

    [Fact(Timeout = 300_000)]
    public async Task Inspect_lists_every_pushed_tag()
    {
        using var work = new TemporaryDirectory("e2e-tags");
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var image = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/tag.txt"] = TestContent.WriteFile(work.Combine("files"), "tag.txt", "tags\n"),
        });
        var skopeo = new Skopeo(_clients, registry);

        // The second push finds every blob already present (HEAD 200) and only adds a tag.
        await skopeo.PushAsync(layout.Reference("v1"), "e2e/tags:v1");
        await skopeo.PushAsync(layout.Reference("v1"), "e2e/tags:stable");

        var inspected = await skopeo.InspectAsync("e2e/tags:v1");
        var tags = inspected["RepoTags"]!.AsArray().Select(t => t!.GetValue<string>()).Order().ToList();
        Assert.Equal(["stable", "v1"], tags);
        Assert.Equal(image.Digest, inspected["Digest"]!.GetValue<string>());
        Assert.Equal(image.Digest, Digest.Sha256(await skopeo.InspectRawAsync("e2e/tags:stable")));
    }

    [Fact(Timeout = 300_000)]
    public async Task Image_pushed_to_a_second_repository_is_served_there_even_after_the_first_is_deleted()
    {
        using var work = new TemporaryDirectory("e2e-mount");
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var image = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/shared.bin"] = TestContent.WriteFile(work.Combine("files"), "shared.bin", TestContent.RandomBytes(512 * 1024)),
        });
        var skopeo = new Skopeo(_clients, registry);

        // containers/image remembers (in its blob-info cache) that these blobs now live in
        // e2e/mount-a on this host, so the second push asks for a cross-repository mount
        // (POST ?mount=&from=) instead of uploading; either way the blobs must end up in e2e/mount-b.
        await skopeo.PushAsync(layout.Reference("v1"), "e2e/mount-a:v1");
        await skopeo.PushAsync(layout.Reference("v1"), "e2e/mount-b:v1");

        // Blobs shared with a deleted manifest in another repository stay available in this one.
        await skopeo.DeleteAsync("e2e/mount-a:v1");
        Assert.Equal(image.Digest, Digest.Sha256(await skopeo.InspectRawAsync("e2e/mount-b:v1")));
        await skopeo.PullAsync("e2e/mount-b:v1", $"oci:{work.Combine("out")}:v1");
        var pulled = OciLayout.Open(_clients, work.Combine("out"));
        foreach (var blob in layout.Layers(image.Digest).Append(layout.Config(image.Digest)))
        {
            Assert.Equal(layout.ReadBlob(blob.Digest), pulled.ReadBlob(blob.Digest));
        }
    }

    public void Dispose() => output.WriteLine(registry.LogTail());
}

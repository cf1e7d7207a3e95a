using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// podman (as root, no daemon, private vfs store) loads an image from an OCI layout, pushes it,
/// removes it locally and pulls it back: same manifest digest, same image ID.
/// </summary>
public sealed class PodmanRoundTripTests(RegistryProcess registry, ITestOutputHelper output)
    : IClassFixture<RegistryProcess>, IDisposable
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task Image_is_pushed_and_pulled_back_with_the_same_digest_and_image_id()
    {
        using var work = new TemporaryDirectory("e2e-podman");
        using var podman = ContainerStorage.ForPodman(_clients);
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/srv/payload.bin"] = TestContent.WriteFile(work.Combine("files"), "payload.bin", TestContent.RandomBytes(1024 * 1024)),
            ["/srv/readme.txt"] = TestContent.WriteFile(work.Combine("files"), "readme.txt", "podman round trip\n"),
        });
        var remote = $"{registry.HostPort}/e2e/podman:v1";

        // `podman pull oci:DIR:TAG` prints the new image ID as its last line.
        var imageId = LastLine((await podman.RunAsync("pull", layout.Reference("v1"))).StandardOutput);
        await podman.RunAsync("tag", imageId, remote);

        // podman keeps layers uncompressed and writes a manifest of its own on push, so the pushed
        // digest differs from the layout's; the digest podman reports is the reference from here on.
        var digestFile = work.Combine("pushed.digest");
        await podman.RunAsync("push", "--tls-verify=false", "--digestfile", digestFile, remote);
        var pushedDigest = (await File.ReadAllTextAsync(digestFile)).Trim();
        Assert.StartsWith("sha256:", pushedDigest);
        Assert.Equal(pushedDigest, Digest.Sha256(await new Skopeo(_clients, registry).InspectRawAsync("e2e/podman:v1")));

        await podman.RunAsync("rmi", "--all", "--force");
        Assert.Equal("", (await podman.RunAsync("images", "--quiet")).StandardOutput.Trim());

        await podman.RunAsync("pull", "--tls-verify=false", "docker://" + remote);
        var inspected = (await podman.RunAsync("image", "inspect", "--format", "{{.Digest}} {{.Id}}", remote)).StandardOutput.Trim();
        // The image ID is the config digest: equal IDs mean the config blob came back intact;
        // podman itself verified every layer against its digest while pulling.
        Assert.Equal($"{pushedDigest} {imageId}", inspected);
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();

    public void Dispose() => output.WriteLine(registry.LogTail());
}

using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// buildah builds an image from scratch in a private vfs store, pushes it, forgets it, and pulls
/// it back: the digest and the file inside must be what was pushed.
/// </summary>
public sealed class BuildahRoundTripTests(RegistryProcess registry, ITestOutputHelper output)
    : IClassFixture<RegistryProcess>, IDisposable
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task Built_image_is_pushed_and_pulled_back_with_the_same_digest_and_content()
    {
        using var work = new TemporaryDirectory("e2e-buildah");
        using var buildah = ContainerStorage.ForBuildah(_clients);
        var payload = TestContent.RandomBytes(512 * 1024);
        var payloadPath = TestContent.WriteFile(work.Combine("files"), "payload.bin", payload);
        var remote = $"{registry.HostPort}/e2e/buildah:latest";

        // `from scratch` + `copy` + `commit` runs nothing inside a container, so no runtime, network
        // or user namespace is needed.
        var container = (await buildah.RunAsync("from", "scratch")).StandardOutput.Trim();
        await buildah.RunAsync("copy", container, payloadPath, "/payload.bin");
        await buildah.RunAsync("commit", container, "localhost/e2e-buildah:latest");
        var digestFile = work.Combine("pushed.digest");
        await buildah.RunAsync("push", "--tls-verify=false", "--digestfile", digestFile,
            "localhost/e2e-buildah:latest", "docker://" + remote);
        var pushedDigest = (await File.ReadAllTextAsync(digestFile)).Trim();
        Assert.StartsWith("sha256:", pushedDigest);
        Assert.Equal(pushedDigest, Digest.Sha256(await new Skopeo(_clients, registry).InspectRawAsync("e2e/buildah:latest")));

        // Forget everything locally so that the pull below really comes from the registry.
        await buildah.RunAsync("rm", "--all");
        await buildah.RunAsync("rmi", "--all", "--force");
        Assert.Equal("", (await buildah.RunAsync("images", "--quiet")).StandardOutput.Trim());

        await buildah.RunAsync("pull", "--tls-verify=false", "docker://" + remote);
        var pulledDigest = (await buildah.RunAsync("inspect", "--type", "image", "--format", "{{.FromImageDigest}}", remote))
            .StandardOutput.Trim();
        Assert.Equal(pushedDigest, pulledDigest);

        // With vfs, mounting a working container is just handing out its directory.
        var check = (await buildah.RunAsync("from", remote)).StandardOutput.Trim();
        var mountPoint = (await buildah.RunAsync("mount", check)).StandardOutput.Trim();
        Assert.Equal(payload, await File.ReadAllBytesAsync(Path.Combine(mountPoint, "payload.bin")));
        await buildah.RunAsync("umount", check);
    }

    public void Dispose() => output.WriteLine(registry.LogTail());
}

using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// Everything a push stored must still be there after the registry process stops and starts
/// again on the same data directory: nothing may live only in memory.
/// </summary>
public sealed class RegistryRestartTests(ITestOutputHelper output)
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task Pushed_image_survives_a_restart()
    {
        // Its own process: stopping a shared fixture would break the other classes' tests.
        await using var registry = new RegistryProcess();
        try
        {
            await registry.StartAsync();
            using var work = new TemporaryDirectory("e2e-restart");
            var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
            var pushed = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
            {
                ["/data/payload.bin"] = TestContent.WriteFile(work.Combine("files"), "payload.bin", TestContent.RandomBytes(1024 * 1024)),
                ["/data/note.txt"] = TestContent.WriteFile(work.Combine("files"), "note.txt", "survives restarts\n"),
            });
            var skopeo = new Skopeo(_clients, registry);
            await skopeo.PushAsync(layout.Reference("v1"), "e2e/restart:v1");
            Assert.Equal(pushed.Digest, Digest.Sha256(await skopeo.InspectRawAsync("e2e/restart:v1")));

            // An ordinary restart: SIGTERM must lead to an orderly exit within the grace period.
            Assert.True(await registry.StopAsync(), "the registry did not exit within 20 s of SIGTERM");
            await registry.StartAsync();

            Assert.Equal(layout.ReadBlob(pushed.Digest), await skopeo.InspectRawAsync("e2e/restart:v1"));
            var inspected = await skopeo.InspectAsync("e2e/restart:v1");
            Assert.Contains("v1", inspected["RepoTags"]!.AsArray().Select(t => t!.GetValue<string>()));

            await skopeo.PullAsync("e2e/restart:v1", $"oci:{work.Combine("out")}:v1");
            var pulled = OciLayout.Open(_clients, work.Combine("out"));
            Assert.Equal(pushed.Digest, pulled.Resolve("v1").Digest);
            foreach (var blob in layout.Layers(pushed.Digest).Append(layout.Config(pushed.Digest)))
            {
                Assert.Equal(layout.ReadBlob(blob.Digest), pulled.ReadBlob(blob.Digest));
            }
        }
        finally
        {
            output.WriteLine(registry.LogTail());
        }
    }
}

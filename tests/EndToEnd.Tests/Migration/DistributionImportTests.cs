using System.Text.Json.Nodes;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.EndToEnd.Tests.PullThrough;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Migration;

/// <summary>
/// Moving from CNCF Distribution without pushing again: the registry started on the storage tree that the real
/// <c>docker-registry</c> wrote imports it with <c>import</c> (the CLI of the built registry, through the admin API)
/// and serves every image, index and platform manifest to skopeo byte for byte, with the digests Distribution served.
/// </summary>
public sealed class DistributionImportTests(ITestOutputHelper output)
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task A_registry_started_on_distributions_storage_serves_its_images_after_an_import_with_the_same_digests()
    {
        using var work = new TemporaryDirectory("e2e-import");
        await using var registry = new RegistryProcess();
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var single = await layout.AddImageAsync("single", "amd64", Files(work, "single"));
        var children = new List<OciDescriptor>();
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            children.Add(await layout.AddImageAsync(arch, arch, Files(work, arch)));
        }

        var index = layout.AddIndex("multi", ["amd64", "arm64"]);
        var served = new Dictionary<string, byte[]>();
        await using (var distribution = await DistributionUpstream.StartAsync(
            _clients, work.Combine("distribution"), DistributionStorage.FileSystem(Path.Combine(registry.DataDirectory, "storage"))))
        {
            await distribution.PushAsync(_clients, layout.Reference("single"), "team/app:v1");
            await distribution.PushAsync(_clients, layout.Reference("multi"), "team/tools/multi:v2", all: true);
            foreach (var reference in new[] { "team/app:v1", "team/tools/multi:v2" }.Concat(children.Select(c => $"team/tools/multi@{c.Digest}")))
            {
                served[reference] = await distribution.InspectRawAsync(_clients, reference);
            }
        }

        try
        {
            await registry.StartAsync();
            var skopeo = new Skopeo(_clients, registry);
            Assert.NotEqual(0, (await skopeo.TryInspectAsync("team/app:v1")).ExitCode);

            var import = await _clients.RunAsync(
                ToolLocator.Require("dotnet"), [RepositoryRoot.BuiltHost("Embedded"), "import", "--url", registry.BaseUrl.ToString()]);

            Assert.Contains("Import finished.", import.StandardOutput);
            using var http = registry.CreateHttpClient();
            var report = JsonNode.Parse(await http.GetStringAsync("_registry/import"))!;
            Assert.Equal(2, report["repositories"]!.GetValue<long>());
            Assert.Equal(0, report["skipped"]!.GetValue<long>());
            Assert.Equal(single.Digest, Digest.Sha256(served["team/app:v1"]));
            Assert.Equal(index.Digest, Digest.Sha256(served["team/tools/multi:v2"]));
            foreach (var (reference, bytes) in served)
            {
                Assert.Equal(bytes, await skopeo.InspectRawAsync(reference));
            }

            await skopeo.PullAsync("team/tools/multi:v2", $"oci:{work.Combine("out")}:v2", all: true);
            await skopeo.PullAsync("team/app:v1", $"oci:{work.Combine("out")}:v1");
            var pulled = OciLayout.Open(_clients, work.Combine("out"));
            Assert.Equal(index.Digest, pulled.Resolve("v2").Digest);
            Assert.Equal(single.Digest, pulled.Resolve("v1").Digest);
            foreach (var image in children.Append(single))
            {
                foreach (var blob in layout.Layers(image.Digest).Append(layout.Config(image.Digest)).Prepend(image))
                {
                    Assert.Equal(layout.ReadBlob(blob.Digest), pulled.ReadBlob(blob.Digest));
                }
            }
        }
        finally
        {
            output.WriteLine(registry.LogTail());
        }
    }

    /// <summary>Files of an image of its own, so that no two images share a layer.</summary>
    private static Dictionary<string, string> Files(TemporaryDirectory work, string name) => new()
    {
        ["/etc/name"] = TestContent.WriteFile(work.Combine("files", name), "name", name + "\n"),
        ["/opt/payload.bin"] = TestContent.WriteFile(work.Combine("files", name), "payload.bin", TestContent.RandomBytes(128 * 1024)),
    };
}

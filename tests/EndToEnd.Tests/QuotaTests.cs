using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// A push past a repository's quota, as real clients report it: skopeo (containers/image, as podman and buildah)
/// fails the push and shows the registry's reason, which names the quota; containerd fails it with the status; and
/// nothing of the refused image can be pulled.
/// </summary>
public sealed class QuotaTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long QuotaBytes = 1000;

    private readonly Clients _clients = new(output);
    private readonly TemporaryDirectory _work = new("e2e-quota");
    private readonly RegistryProcess _registry = new(
    [
        "--Registry:Quotas:Limits:0:Repositories", "quota/*",
        "--Registry:Quotas:Limits:0:MaxBytes", QuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ]);

    [Fact(Timeout = 300_000)]
    public async Task Skopeo_and_containerd_show_the_quota_that_refused_a_push()
    {
        var layout = await OciLayout.CreateAsync(_clients, _work.Combine("src"));
        await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/data.bin"] = TestContent.WriteFile(_work.Combine("files"), "data.bin", TestContent.RandomBytes(4096)),
        });
        var host = _registry.HostPort;

        var skopeo = await _clients.TrySkopeoAsync("copy", "--dest-tls-verify=false", layout.Reference("v1"), $"docker://{host}/quota/app:v1");
        await _clients.SkopeoAsync("copy", "--dest-tls-verify=false", layout.Reference("v1"), $"docker://{host}/free/app:v1");
        await using var containerd = await Containerd.StartAsync(_clients, _work.Combine("containerd"));
        await containerd.CtrAsync("images", "pull", "--plain-http", "--snapshotter", "native", $"{host}/free/app:v1");
        await containerd.CtrAsync("images", "tag", $"{host}/free/app:v1", $"{host}/quota/other:v1");
        var ctr = await containerd.TryCtrAsync("images", "push", "--plain-http", $"{host}/quota/other:v1");
        var pull = await _clients.TrySkopeoAsync("inspect", "--raw", "--tls-verify=false", $"docker://{host}/quota/app:v1");

        Assert.NotEqual(0, skopeo.ExitCode);
        Assert.Contains($"denied: quota exceeded: quota/app would take", skopeo.StandardError);
        Assert.Contains($"over its quota of {QuotaBytes} (Registry:Quotas:Limits:0, quota/*)", skopeo.StandardError);
        Assert.NotEqual(0, ctr.ExitCode);
        // containerd shows the status alone, never the body: 403 says "refused, do not retry" where 413 would say "too large a request".
        Assert.Contains("unexpected status: 403 Forbidden", ctr.StandardError);
        Assert.NotEqual(0, pull.ExitCode);
        Assert.Contains("manifest unknown", pull.StandardError);
    }

    public Task InitializeAsync() => _registry.StartAsync();

    public async Task DisposeAsync()
    {
        output.WriteLine(_registry.LogTail());
        await _registry.DisposeAsync();
        _work.Dispose();
    }
}

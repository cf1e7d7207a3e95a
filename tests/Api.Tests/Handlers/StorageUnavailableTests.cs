using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// Blob storage that cannot be reached (here: an S3 endpoint where nothing listens) is a transient condition:
/// clients get 503 UNAVAILABLE with Retry-After, which they retry, never a 500, whether the failing storage call is
/// made by a grain or by the gateway itself.
/// </summary>
public sealed class StorageUnavailableTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    private RegistryClient Client => _registry!.Client;

    public async Task InitializeAsync() =>
        _registry = await RunningRegistry.StartAsync(
            _data.Path,
            "--Registry:Storage:Kind", "S3",
            "--Registry:Storage:S3:ServiceUrl", $"http://127.0.0.1:{ClosedPort()}",
            "--Registry:Storage:S3:AccessKey", "unused",
            "--Registry:Storage:S3:SecretKey", "unused");

    [Fact]
    public async Task Starting_an_upload_is_unavailable_with_retry_after()
    {
        using var response = await Client.PostAsync($"/v2/{RepositoryNames.Unique("s3down")}/blobs/uploads/");

        await response.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE");
        Assert.Equal("5", response.Header("Retry-After"));
    }

    [Fact]
    public async Task Storing_a_manifest_is_unavailable_with_retry_after()
    {
        var index = TestManifests.OciIndex([]);
        using var content = new ByteArrayContent(index);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypeNames.OciIndex);

        using var response = await Client.PutAsync($"/v2/{RepositoryNames.Unique("s3down")}/manifests/latest", content);

        await response.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE");
        Assert.Equal("5", response.Header("Retry-After"));
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _data.Dispose();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

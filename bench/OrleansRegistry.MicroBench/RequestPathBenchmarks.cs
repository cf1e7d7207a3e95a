using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Api.Manifests;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Embedded;

namespace OrleansRegistry.MicroBench;

/// <summary>
/// The request path of a manifest GET: routing, content negotiation, and whole GETs and HEADs against the embedded
/// registry on a real Kestrel socket in this process (client and server share the machine's cores).
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private static readonly string[] ContainersImageAccept =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    private readonly StringValues _accept = new(ContainersImageAccept);
    private string _dataDirectory = "";
    private WebApplication? _app;
    private HttpClient? _http;
    private string _layerDigest = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("orreg-microbench-").FullName;
        _app = EmbeddedRegistry.Build(
            ["--urls", "http://127.0.0.1:0", "--Registry:DataDirectory", _dataDirectory, "--Logging:LogLevel:Default", "Warning"]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

        var config = "{}"u8.ToArray();
        var layer = new byte[4096];
        new Random(1).NextBytes(layer);
        var configDigest = await PushBlobAsync(config);
        _layerDigest = await PushBlobAsync(layer);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.OciManifest,
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar", digest = _layerDigest, size = layer.Length } },
        });
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
        using var put = await _http.PutAsync("/v2/library/app/manifests/latest", content);
        put.EnsureSuccessStatusCode();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Benchmark]
    public RegistryRoute? RouteMatch() => RegistryRoute.Match("/v2/library/app/manifests/latest");

    [Benchmark]
    public bool AcceptedMediaTypesFrom() => AcceptedMediaTypes.From(_accept).Accepts(MediaTypes.OciManifest);

    /// <summary>A whole manifest GET by tag over HTTP/1.1 on loopback, with the six Accept lines.</summary>
    [Benchmark]
    public async Task<int> ManifestGetByTag()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/library/app/manifests/latest");
        foreach (var type in ContainersImageAccept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await _http!.SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark]
    public async Task<bool> BlobHead()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/v2/library/app/blobs/{_layerDigest}");
        using var response = await _http!.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The base endpoint: the cost of Kestrel, the middleware and HttpClient without any grain call.</summary>
    [Benchmark(Baseline = true)]
    public async Task<bool> BaseEndpoint()
    {
        using var response = await _http!.GetAsync("/v2/");
        return response.IsSuccessStatusCode;
    }

    private async Task<string> PushBlobAsync(byte[] bytes)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http!.PostAsync($"/v2/library/app/blobs/uploads/?digest={digest}", content);
        response.EnsureSuccessStatusCode();
        return digest;
    }
}

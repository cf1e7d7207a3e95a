using System.Net;
using System.Text;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.HostileInput;

/// <summary>
/// Malformed and malicious requests on every endpoint: each is answered with a 4xx (the spec's error JSON when it
/// reaches the registry) or a closed connection, never a 5xx or a hang, and nothing already stored changes.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class HostileRequestTests(RegistryFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private PushedImage? _stored;

    private RegistryClient Client => fixture.Client;

    public async Task InitializeAsync() => _stored = await Client.PushImageAsync(RepositoryNames.Unique("hostile"), "v1");

    public static TheoryData<string> HostileTargets()
    {
        var image = "hostile/app";
        var longName = string.Join('/', Enumerable.Repeat("abcdefghij", 30));
        return new TheoryData<string>
        {
            "/v2/../../etc/passwd",
            "/v2/hostile/../../../etc/passwd/manifests/latest",
            $"/v2/{image}/manifests/..%2F..%2Fetc%2Fpasswd",
            $"/v2/{image}/blobs/sha256:..%2F..%2F..%2Fetc%2Fpasswd",
            "/v2/%2e%2e/%2e%2e/manifests/latest",
            "/v2/hostile%2Fapp/tags/list",
            "/v2/hostile%2F..%2Fapp/tags/list",
            "/v2/hostile/app%00/tags/list",
            "/v2/hostile/app%0d%0aX-Injected:%201/tags/list",
            "/v2/hostile/app%ff%fe/tags/list",
            "/v2/HOSTILE/App/tags/list",
            $"/v2/{longName}/tags/list",
            $"/v2/{image}/manifests/{new string('a', 129)}",
            $"/v2/{image}/manifests/-leading-dash",
            $"/v2/{image}/manifests/sha256:zz",
            $"/v2/{image}/manifests/sha256:{new string('a', 63)}",
            $"/v2/{image}/manifests/md5:d41d8cd98f00b204e9800998ecf8427e",
            $"/v2/{image}/manifests/:",
            $"/v2/{image}/blobs/sha256:{new string('g', 64)}",
            $"/v2/{image}/blobs/{new string('a', 2000)}",
            $"/v2/{image}/blobs/uploads/not-a-uuid",
            $"/v2/{image}/blobs/uploads/{Guid.NewGuid()}%00",
            $"/v2/{image}/referrers/sha256:short",
            $"/v2/{image}/tags/list?n=-1",
            $"/v2/{image}/tags/list?n=99999999999999999999",
            $"/v2/{image}/tags/list?last=%00%01%02",
            "/v2/_catalog?n=abc",
            "/v2/_catalog?last=" + new string('z', 4000),
        };
    }

    [Theory]
    [MemberData(nameof(HostileTargets))]
    public async Task Hostile_targets_are_client_errors_on_every_method(string target)
    {
        foreach (var method in new[] { "GET", "HEAD", "PUT", "PATCH", "POST", "DELETE" })
        {
            await using var exchange = await RawExchange.ConnectAsync(Client.Address);
            await exchange.SendAsync($"{method} {target} HTTP/1.1\r\nHost: {Client.Address.Authority}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            var received = await exchange.ReadUntilClosedAsync(Deadline);

            var statuses = RawExchange.Statuses(received);
            Assert.True(statuses.Count == 1, $"{method} {target}: {received}");
            Assert.InRange(statuses[0], 200, 499);
            Assert.DoesNotContain("X-Injected", received.Split("\r\n\r\n")[0]);
        }

        await AssertStoredIntactAsync();
    }

    [Theory]
    [InlineData("\0\u0001\u0002")]
    [InlineData("GET /v2/\u0001 HTTP/1.1")]
    [InlineData("GET /v2/ HTTP/9.9")]
    [InlineData("GARBAGE")]
    public async Task Malformed_request_lines_are_refused(string line)
    {
        await using var exchange = await RawExchange.ConnectAsync(Client.Address);
        await exchange.SendAsync(Encoding.Latin1.GetBytes($"{line}\r\nHost: x\r\nConnection: close\r\n\r\n"));
        var statuses = RawExchange.Statuses(await exchange.ReadUntilClosedAsync(Deadline));

        Assert.All(statuses, s => Assert.InRange(s, 400, 505));
        Assert.DoesNotContain(500, statuses);
    }

    [Fact]
    public async Task Huge_headers_are_answered_431()
    {
        await using (var exchange = await RawExchange.ConnectAsync(Client.Address))
        {
            await exchange.SendAsync($"GET /v2/ HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 64 * 1024)}\r\n\r\n");
            Assert.Equal([431], RawExchange.Statuses(await exchange.ReadUntilClosedAsync(Deadline)));
        }

        await using (var exchange = await RawExchange.ConnectAsync(Client.Address))
        {
            var many = string.Concat(Enumerable.Range(0, 500).Select(i => $"X-H{i}: v\r\n"));
            await exchange.SendAsync($"GET /v2/ HTTP/1.1\r\nHost: x\r\n{many}\r\n");
            Assert.Equal([431], RawExchange.Statuses(await exchange.ReadUntilClosedAsync(Deadline)));
        }

        await using (var exchange = await RawExchange.ConnectAsync(Client.Address))
        {
            // Past the request-line limit (64 KiB by default; what is shorter reaches the parsers).
            await exchange.SendAsync($"GET /v2/{new string('a', 70_000)}/tags/list HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal([414], RawExchange.Statuses(await exchange.ReadUntilClosedAsync(Deadline)));
        }
    }

    [Fact]
    public async Task Malformed_manifests_are_refused_and_change_nothing()
    {
        var repository = _stored!.Repository;
        var nested = new string('[', 100_000) + new string(']', 100_000);
        var deepObject = string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000);
        var bodies = new (string What, byte[] Body, HttpStatusCode Status)[]
        {
            ("empty", [], HttpStatusCode.BadRequest),
            ("random bytes", TestContent.RandomBytes(4096), HttpStatusCode.BadRequest),
            ("invalid UTF-8", [0x7b, 0xff, 0xfe, 0x7d], HttpStatusCode.BadRequest),
            ("deeply nested arrays", Encoding.ASCII.GetBytes(nested), HttpStatusCode.BadRequest),
            ("deeply nested objects", Encoding.ASCII.GetBytes(deepObject), HttpStatusCode.BadRequest),
            ("schema 1", "{\"schemaVersion\":1}"u8.ToArray(), HttpStatusCode.BadRequest),
            ("bad digests", Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a/b","digest":"sha256:../../x","size":1},"layers":[]}"""), HttpStatusCode.BadRequest),
            ("negative size", Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a/b","digest":"{{_stored.Config.Digest}}","size":-1},"layers":[]}"""), HttpStatusCode.BadRequest),
            ("oversized", new byte[4 * 1024 * 1024 + 1], HttpStatusCode.RequestEntityTooLarge),
        };

        foreach (var (what, body, status) in bodies)
        {
            using var response = await Client.PutAsync($"/v2/{repository}/manifests/v1", RegistryClient.Manifest(body, MediaTypeNames.OciManifest));
            Assert.True(status == response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await response.ShouldBeErrorAsync(status, status == HttpStatusCode.RequestEntityTooLarge ? "SIZE_INVALID" : "MANIFEST_INVALID");
        }

        await AssertStoredIntactAsync();
    }

    [Fact]
    public async Task An_oversized_manifest_streamed_without_length_is_cut_off()
    {
        using var response = await Client.PutAsync(
            $"/v2/{_stored!.Repository}/manifests/v1", new UnknownLengthContent(new byte[8 * 1024 * 1024]));
        await response.ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");
        await AssertStoredIntactAsync();
    }

    [Theory]
    [InlineData("0-9", 5)]
    [InlineData("100-199", 100)]
    [InlineData("5-0", 6)]
    [InlineData("bytes=0-4", 5)]
    [InlineData("-5", 5)]
    [InlineData("0-99999999999999999999", 5)]
    [InlineData("0-4,5-9", 5)]
    public async Task Content_range_lies_are_range_invalid(string contentRange, int length)
    {
        var location = await Client.StartUploadAsync(_stored!.Repository);
        using var response = await Client.PatchAsync(location, TestContent.RandomBytes(length), contentRange);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);

        using var status = await Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-0", status.Header("Range"));
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_not_accepted()
    {
        var location = await Client.StartUploadAsync(_stored!.Repository);
        await using (var exchange = await RawExchange.ConnectAsync(Client.Address))
        {
            await exchange.SendAsync($"PATCH {location} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n");
            await exchange.SendAsync(new byte[10]);
            exchange.EndSending();
            var statuses = RawExchange.Statuses(await exchange.ReadUntilClosedAsync(Deadline));
            Assert.All(statuses, s => Assert.InRange(s, 400, 499));
        }

        await AssertUploadAcceptedNothingAsync(location);
    }

    [Fact]
    public async Task Bytes_beyond_the_content_length_are_not_part_of_the_chunk()
    {
        var location = await Client.StartUploadAsync(_stored!.Repository);
        await using (var exchange = await RawExchange.ConnectAsync(Client.Address))
        {
            await exchange.SendAsync($"PATCH {location} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 5\r\n\r\n");
            await exchange.SendAsync("01234NOT A REQUEST AT ALL\r\n\r\n");
            var statuses = RawExchange.Statuses(await exchange.ReadUntilClosedAsync(Deadline));
            Assert.Equal(202, statuses[0]);
            Assert.All(statuses.Skip(1), s => Assert.InRange(s, 400, 499));
        }

        using var status = await Client.GetAsync(location);
        Assert.Equal("0-4", status.Header("Range"));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_upload_leaves_nothing_behind()
    {
        var content = TestContent.RandomBytes(1024 * 1024);
        var location = await Client.StartUploadAsync(_stored!.Repository);
        await using (var exchange = await RawExchange.ConnectAsync(Client.Address))
        {
            await exchange.SendAsync($"PATCH {location} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: {content.Length}\r\n\r\n");
            await exchange.SendAsync(content[..(content.Length / 3)]);
        }

        // The cut chunk counts for nothing, the digest of the whole blob is unknown, and the blob can be pushed anew.
        using var missing = await Client.HeadAsync($"/v2/{_stored.Repository}/blobs/{TestContent.Sha256(content)}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var pushed = await Client.PushBlobAsync(_stored.Repository, content);
        using var blob = await Client.GetAsync($"/v2/{_stored.Repository}/blobs/{pushed.Digest}");
        Assert.Equal(content, await blob.Content.ReadAsByteArrayAsync());
        await AssertStoredIntactAsync();
    }

    [Fact]
    public async Task Concurrent_writers_to_one_tag_leave_it_on_one_of_their_manifests()
    {
        var repository = RepositoryNames.Unique("hostile");
        var config = await Client.PushBlobAsync(repository, TestContent.Utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}"), MediaTypeNames.OciConfig);
        var layer = await Client.PushBlobAsync(repository, TestContent.RandomBytes(256), MediaTypeNames.OciLayer);
        var manifests = Enumerable.Range(0, 16)
            .Select(i => TestManifests.OciImage(config, [layer], annotations: new Dictionary<string, string> { ["n"] = i.ToString() }))
            .ToList();

        var responses = await Task.WhenAll(manifests.Select(async m =>
        {
            using var response = await Client.PutAsync($"/v2/{repository}/manifests/latest", RegistryClient.Manifest(m, MediaTypeNames.OciManifest));
            return response.StatusCode;
        }));
        Assert.All(responses, s => Assert.Equal(HttpStatusCode.Created, s));

        using var tagged = await Client.GetAsync($"/v2/{repository}/manifests/latest", ("Accept", MediaTypeNames.OciManifest));
        var served = await tagged.Content.ReadAsByteArrayAsync();
        Assert.Contains(manifests, m => m.AsSpan().SequenceEqual(served));
        foreach (var manifest in manifests)
        {
            using var byDigest = await Client.GetAsync($"/v2/{repository}/manifests/{TestContent.Sha256(manifest)}", ("Accept", MediaTypeNames.OciManifest));
            Assert.Equal(manifest, await byDigest.Content.ReadAsByteArrayAsync());
        }

        using var tags = await Client.GetAsync($"/v2/{repository}/tags/list");
        Assert.Equal($$"""{"name":"{{repository}}","tags":["latest"]}""", await tags.Content.ReadAsStringAsync());
    }

    private async Task AssertUploadAcceptedNothingAsync(string location)
    {
        using var status = await Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-0", status.Header("Range"));
        await AssertStoredIntactAsync();
    }

    private async Task AssertStoredIntactAsync()
    {
        var image = _stored!;
        using var manifest = await Client.GetAsync($"/v2/{image.Repository}/manifests/v1", ("Accept", MediaTypeNames.OciManifest));
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal(image.ManifestContent, await manifest.Content.ReadAsByteArrayAsync());
        using var layer = await Client.GetAsync($"/v2/{image.Repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(image.LayerContent, await layer.Content.ReadAsByteArrayAsync());
        using var tags = await Client.GetAsync($"/v2/{image.Repository}/tags/list");
        Assert.Equal($$"""{"name":"{{image.Repository}}","tags":["v1"]}""", await tags.Content.ReadAsStringAsync());
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

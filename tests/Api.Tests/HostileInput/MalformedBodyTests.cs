using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.HostileInput;

/// <summary>
/// A request body the client frames wrongly (a chunk size that overflows or is no number, a chunk longer than its
/// size) or stops sending is the client's fault, on every endpoint that reads a body: a 400 in the spec's shape
/// while the connection still allows an answer, nothing stored, and nothing an operator would be paged for.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class MalformedBodyTests(RegistryFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private RegistryClient Client => fixture.Client;

    private static readonly string[] Endpoints = ["PATCH upload", "PUT upload", "POST monolithic upload", "PUT manifest"];

    private static readonly Dictionary<string, string> Framings = new()
    {
        ["a chunk size that overflows"] = "ffffffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
        ["a chunk size just past 2^31"] = "80000000\r\nabc\r\n0\r\n\r\n",
        ["a chunk size that is no hex number"] = "zz\r\nabc\r\n0\r\n\r\n",
        ["a chunk longer than its size"] = "3\r\nabcdef\r\n0\r\n\r\n",
    };

    public static TheoryData<string, string> BadFramings()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var framing in Framings.Keys)
            {
                data.Add(endpoint, framing);
            }
        }

        return data;
    }

    public static TheoryData<string> BodyEndpoints() => [.. Endpoints];

    [Theory]
    [MemberData(nameof(BadFramings))]
    public async Task A_badly_framed_chunked_body_is_a_400_in_the_spec_shape_and_stores_nothing(string endpoint, string framing)
    {
        var target = await TargetAsync(endpoint);
        var errorsBefore = fixture.Registry.ErrorLog.Entries.Count;

        await using var exchange = await RawExchange.ConnectAsync(Client.Address);
        await exchange.SendAsync(
            $"{target.Method} {target.Path} HTTP/1.1\r\nHost: x\r\nContent-Type: {target.ContentType}\r\n"
            + $"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{Framings[framing]}");
        var response = await exchange.ReadResponseAsync(Deadline);

        Assert.Empty(fixture.Registry.ErrorLog.Entries.Skip(errorsBefore));
        response.ShouldBeError(400, "SIZE_INVALID");
        await target.AssertNothingStoredAsync();
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task A_client_that_stops_sending_short_of_its_content_length_gets_no_5_xx_and_stores_nothing(string endpoint)
    {
        var target = await TargetAsync(endpoint);
        var errorsBefore = fixture.Registry.ErrorLog.Entries.Count;

        await using (var exchange = await RawExchange.ConnectAsync(Client.Address))
        {
            await exchange.SendAsync(
                $"{target.Method} {target.Path} HTTP/1.1\r\nHost: x\r\nContent-Type: {target.ContentType}\r\nContent-Length: 1000\r\n\r\n");
            await exchange.SendAsync(new byte[10]);
            exchange.EndSending();

            // The server closes its side once it is done with the request, so everything it logs is logged by now.
            var statuses = RawExchange.Statuses(await exchange.ReadUntilClosedAsync(Deadline));
            Assert.All(statuses, status => Assert.Equal(400, status));
        }

        await target.AssertNothingStoredAsync();
        Assert.Empty(fixture.Registry.ErrorLog.Entries.Skip(errorsBefore));
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task A_client_that_goes_away_in_the_middle_of_a_chunk_gets_no_5_xx_and_stores_nothing(string endpoint)
    {
        var target = await TargetAsync(endpoint);
        var errorsBefore = fixture.Registry.ErrorLog.Entries.Count;

        await using (var exchange = await RawExchange.ConnectAsync(Client.Address))
        {
            await exchange.SendAsync(
                $"{target.Method} {target.Path} HTTP/1.1\r\nHost: x\r\nContent-Type: {target.ContentType}\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "400\r\n0123456789");
            exchange.EndSending();

            var statuses = RawExchange.Statuses(await exchange.ReadUntilClosedAsync(Deadline));
            Assert.All(statuses, status => Assert.Equal(400, status));
        }

        await target.AssertNothingStoredAsync();
        Assert.Empty(fixture.Registry.ErrorLog.Entries.Skip(errorsBefore));
    }

    /// <summary>A request that reads a body, and how to tell that nothing of it was kept.</summary>
    private async Task<Target> TargetAsync(string endpoint)
    {
        var repository = RepositoryNames.Unique("malformed");
        var digest = TestContent.Sha256(TestContent.Utf8("abc"));
        switch (endpoint)
        {
            case "PATCH upload":
            {
                var location = await Client.StartUploadAsync(repository);
                return new Target("PATCH", location, "application/octet-stream", () => AssertUploadEmptyAsync(location));
            }

            case "PUT upload":
            {
                var location = await Client.StartUploadAsync(repository);
                return new Target("PUT", RegistryClient.WithQuery(location, "digest=" + digest), "application/octet-stream", async () =>
                {
                    await AssertUploadEmptyAsync(location);
                    await AssertBlobAbsentAsync(repository, digest);
                });
            }

            case "POST monolithic upload":
                return new Target(
                    "POST", $"/v2/{repository}/blobs/uploads/?digest={digest}", "application/octet-stream", () => AssertBlobAbsentAsync(repository, digest));

            case "PUT manifest":
                return new Target("PUT", $"/v2/{repository}/manifests/latest", MediaTypeNames.OciManifest, async () =>
                {
                    using var manifest = await Client.GetAsync($"/v2/{repository}/manifests/latest");
                    Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
                });

            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null);
        }
    }

    private async Task AssertUploadEmptyAsync(string location)
    {
        using var status = await Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-0", status.Header("Range"));
    }

    private async Task AssertBlobAbsentAsync(string repository, string digest)
    {
        using var blob = await Client.HeadAsync($"/v2/{repository}/blobs/{digest}");
        Assert.Equal(HttpStatusCode.NotFound, blob.StatusCode);
    }

    private sealed record Target(string Method, string Path, string ContentType, Func<Task> AssertNothingStoredAsync);
}

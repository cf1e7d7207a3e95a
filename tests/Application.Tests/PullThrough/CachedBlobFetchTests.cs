using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.PullThrough;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Storage;
using OrleansRegistry.TestKit;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.Tests.PullThrough;

/// <summary>
/// A blob fetched from an upstream becomes visible as a pushed one does: hashed while it is written to storage,
/// committed and linked only once its digest verified. The client that asked gets the bytes as they come, but
/// never the last one of a blob that did not verify.
/// </summary>
public sealed class CachedBlobFetchTests
{
    private static readonly byte[] Content = TestContent.RandomBytes(100_000);
    private static readonly Digest Expected = Digest.ComputeSha256(Content);

    private readonly Substitutes _ = new();
    private readonly IRepositoryGrain _cache = Substitute.For<IRepositoryGrain>();
    private readonly IUpstreamFetchGrain _fetch = Substitute.For<IUpstreamFetchGrain>();
    private readonly ProxiedRepository _repository = UpstreamSettings.Read(new PullThroughOptions
    {
        Upstreams = [new UpstreamOptions { Name = "up", Url = "https://up.test", Prefix = "up" }],
    }).Find(RepositoryName.Parse("up/team/app"))!;

    public CachedBlobFetchTests()
    {
        _.Grains.GetGrain<IRepositoryGrain>("up/team/app", Arg.Any<string?>()).Returns(_cache);
        _.Grains.GetGrain<IUpstreamFetchGrain>(Arg.Any<string>(), Arg.Any<string?>()).Returns(_fetch);
        var blob = Substitute.For<IBlobGrain>();
        blob.GetLinksAsync().Returns(Task.FromResult<IReadOnlyList<RepositoryName>>([]));
        _.Grains.GetGrain<IBlobGrain>(Arg.Any<string>(), Arg.Any<string?>()).Returns(blob);
        _fetch.BeginAsync(Arg.Any<Guid>(), Arg.Any<TimeSpan>()).Returns(new FetchTurn(FetchTurnKind.Fetch, RenewWithin: TimeSpan.FromSeconds(5)));
        _.Store.WriteUploadAsync("token", 0, Arg.Any<Stream>(), Arg.Any<CancellationToken>()).Returns(async call =>
        {
            var written = new MemoryStream();
            await call.Arg<Stream>().CopyToAsync(written);
            return new UploadWrite("token", written.Length);
        });
    }

    [Fact]
    public async Task A_blob_that_verifies_is_committed_then_linked_and_its_client_gets_every_byte()
    {
        var client = new MemoryStream();

        var served = await Blobs(Content).EnsureAsync(_repository, Expected, (_, _) => client, CancellationToken.None);

        Assert.Equal(CacheOutcome.Miss, served.Outcome);
        Assert.True(served.Delivered);
        Assert.Equal(Content, client.ToArray());
        Received.InOrder(() =>
        {
            _.Store.CommitUploadAsync("token", Content.Length, Expected, Arg.Any<CancellationToken>());
            _cache.LinkBlobAsync(Expected, Content.Length);
        });
    }

    [Fact]
    public async Task A_blob_whose_digest_does_not_verify_is_neither_committed_nor_linked_and_its_client_misses_the_last_byte()
    {
        var tampered = Content.ToArray();
        tampered[^1] ^= 0xFF;
        var client = new MemoryStream();

        await Assert.ThrowsAsync<Core.Errors.RegistryException>(() => Blobs(tampered).EnsureAsync(_repository, Expected, (_, _) => client, CancellationToken.None));

        Assert.Equal(Content.Length - 1, client.Length);
        await _.Store.DidNotReceiveWithAnyArgs().CommitUploadAsync(default!, default, default!, default);
        await _cache.DidNotReceiveWithAnyArgs().LinkBlobAsync(default!, default);
        await _.Store.Received().AbortUploadAsync("token", Arg.Any<CancellationToken>());
        await _fetch.Received().FailAsync(Arg.Any<Guid>(), Arg.Any<UpstreamFailure>());
    }

    [Fact]
    public async Task A_blob_shorter_than_its_content_length_is_neither_committed_nor_linked()
    {
        await Assert.ThrowsAsync<Core.Errors.RegistryException>(() => Blobs(Content[..50_000], announcedLength: Content.Length).EnsureAsync(_repository, Expected, null, CancellationToken.None));

        await _.Store.DidNotReceiveWithAnyArgs().CommitUploadAsync(default!, default, default!, default);
        await _cache.DidNotReceiveWithAnyArgs().LinkBlobAsync(default!, default);
    }

    private CachedBlobs Blobs(byte[] served, long? announcedLength = null)
    {
        var http = Substitute.For<IHttpClientFactory>();
        http.CreateClient(Arg.Any<string>()).Returns(_ => new HttpClient(new Serving(served, announcedLength ?? served.Length)));
        var upstream = new UpstreamClient(http, Substitute.For<IUpstreamTokenCache>(), TimeProvider.System);
        var metrics = new PullThroughMetrics();
        return new CachedBlobs(_.Grains, _.Store, _.Commits, upstream, new SingleFlight(_.Grains, metrics, NullLogger<SingleFlight>.Instance), new BlobTransfers(), new PeerTransfers(http, Options.Create(new PullThroughOptions())), metrics, NullLogger<CachedBlobs>.Instance);
    }

    /// <summary>An upstream that answers every request with these bytes, announcing <paramref name="length"/> of them.</summary>
    private sealed class Serving(byte[] content, long length) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = new StreamContent(new MemoryStream(content));
            body.Headers.ContentLength = length;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = body });
        }
    }
}

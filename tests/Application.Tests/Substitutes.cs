using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using OrleansRegistry.Application.Manifests;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.PullThrough;
using OrleansRegistry.Application.Storage;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.Tests;

/// <summary>Substitutes of what the application layer drives: the grains of one repository and upload, and storage.</summary>
internal sealed class Substitutes
{
    public Substitutes()
    {
        Grains.GetGrain<IRepositoryGrain>(Repository.Value, Arg.Any<string?>()).Returns(RepositoryGrain);
        Grains.GetGrain<IUploadSessionGrain>(UploadId.ToString(), Arg.Any<string?>()).Returns(Session);
        Store.CreateUploadAsync(UploadId.ToString(), Arg.Any<CancellationToken>()).Returns("token");
        Store.CreateUploadAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns("token");
    }

    public RepositoryName Repository { get; } = RepositoryName.Parse("team/app");

    public UploadId UploadId { get; } = UploadId.New();

    public IGrainFactory Grains { get; } = Substitute.For<IGrainFactory>();

    public IRepositoryGrain RepositoryGrain { get; } = Substitute.For<IRepositoryGrain>();

    public IUploadSessionGrain Session { get; } = Substitute.For<IUploadSessionGrain>();

    public IBlobStore Store { get; } = Substitute.For<IBlobStore>();

    /// <summary>Commits through <see cref="Grains"/> and <see cref="Store"/>, as the application makes them.</summary>
    public ContentCommits Commits => new(Grains, Store);

    /// <summary>A manifest service of a registry that caches no upstream.</summary>
    public ManifestService Manifests(ManifestContentCache cache)
    {
        var upstream = new UpstreamClient(Substitute.For<IHttpClientFactory>(), Substitute.For<IUpstreamTokenCache>(), TimeProvider.System);
        var metrics = new PullThroughMetrics();
        var flight = new SingleFlight(Grains, metrics, NullLogger<SingleFlight>.Instance);
        var cached = new CachedManifests(Grains, Commits, upstream, flight, cache, metrics, TimeProvider.System, NullLogger<CachedManifests>.Instance);
        return new ManifestService(Grains, Commits, cache, Upstreams.None, cached, new RegistryMetrics());
    }

    /// <summary>The session verifies <paramref name="digest"/> and hands over what storage must commit.</summary>
    public void SessionSeals(Digest digest, long size) =>
        Session.SealAsync(Repository, digest).Returns(new SealedUpload("token", size));
}

using System.Text;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using OrleansRegistry.Application.Manifests;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Application.Tests.Manifests;

/// <summary>
/// A manifest becomes visible in one order: verified against its digest, stored under that digest, and only then
/// recorded by the repository. A manifest that fails a step is not recorded.
/// </summary>
public sealed class ManifestPutOrderTests : IDisposable
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes(
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""");

    private readonly Substitutes _ = new();
    private readonly ManifestContentCache _cache;
    private readonly ManifestService _manifests;

    public ManifestPutOrderTests()
    {
        _cache = new ManifestContentCache(_.Store, 1 << 20);
        _manifests = _.Manifests(_cache);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_manifest_is_stored_before_the_repository_records_it()
    {
        var digest = Digest.ComputeSha256(Content);

        await _manifests.PutAsync(_.Repository, ManifestReference.Parse("v1"), [Tag.Parse("v1")], Content, MediaTypes.OciIndex, CancellationToken.None);

        Received.InOrder(() =>
        {
            _.Store.PutBlobAsync(digest, Arg.Any<ReadOnlyMemory<byte>>(), Arg.Any<CancellationToken>());
            _.RepositoryGrain.PutManifestAsync(Arg.Is<ManifestRecord>(m => m.Digest == digest), Arg.Is<IReadOnlyList<Tag>>(t => t.SequenceEqual(new[] { Tag.Parse("v1") })));
        });
    }

    [Fact]
    public async Task A_manifest_and_all_its_tags_are_recorded_in_one_call_after_it_is_stored()
    {
        var digest = Digest.ComputeSha256(Content);
        Tag[] tags = [Tag.Parse("v1"), Tag.Parse("v1.2"), Tag.Parse("latest")];

        await _manifests.PutAsync(_.Repository, ManifestReference.ForDigest(digest), tags, Content, MediaTypes.OciIndex, CancellationToken.None);

        await _.RepositoryGrain.Received(1).PutManifestAsync(Arg.Any<ManifestRecord>(), Arg.Any<IReadOnlyList<Tag>>());
        Received.InOrder(() =>
        {
            _.Store.PutBlobAsync(digest, Arg.Any<ReadOnlyMemory<byte>>(), Arg.Any<CancellationToken>());
            _.RepositoryGrain.PutManifestAsync(Arg.Is<ManifestRecord>(m => m.Digest == digest), Arg.Is<IReadOnlyList<Tag>>(t => t.SequenceEqual(tags)));
        });
    }

    [Fact]
    public async Task A_manifest_whose_digest_is_not_the_one_pushed_to_is_neither_stored_nor_recorded()
    {
        var other = ManifestReference.ForDigest(Digest.ComputeSha256([9]));

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            _manifests.PutAsync(_.Repository, other, [], Content, MediaTypes.OciIndex, CancellationToken.None));

        Assert.Equal(RegistryErrorCode.DigestInvalid, error.Error);
        await _.Store.DidNotReceiveWithAnyArgs().PutBlobAsync(default, default, default);
        await _.RepositoryGrain.DidNotReceiveWithAnyArgs().PutManifestAsync(default!, default!);
    }

    [Fact]
    public async Task A_manifest_storage_could_not_keep_is_not_recorded()
    {
        _.Store.PutBlobAsync(Arg.Any<Digest>(), Arg.Any<ReadOnlyMemory<byte>>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new StorageUnavailableException("down", new IOException()));

        await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            _manifests.PutAsync(_.Repository, ManifestReference.Parse("v1"), [Tag.Parse("v1")], Content, MediaTypes.OciIndex, CancellationToken.None));

        await _.RepositoryGrain.DidNotReceiveWithAnyArgs().PutManifestAsync(default!, default!);
    }
}

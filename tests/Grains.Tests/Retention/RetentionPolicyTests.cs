using Orleans.Core.Internal;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Retention;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Repositories;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Retention;

/// <summary>
/// Which tags a repository keeps under its retention policy (the policies are those of
/// <see cref="PolicyClusterFixture"/>): a push keeps the last N at once; runs delete tags too old unless pulled
/// lately; protected tags always stay; deleting a tag deletes only that tag.
/// </summary>
[Collection(PolicyClusterCollection.Name)]
public sealed class RetentionPolicyTests(PolicyClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;

    [Fact]
    public async Task A_push_past_keep_last_deletes_the_oldest_unprotected_tags_and_keeps_the_protected_ones()
    {
        var repository = _grains.Repository(Names.Repository("keep"));
        await PushImageAsync(repository, "v1.0");
        await PushImageAsync(repository, "latest");
        for (var i = 1; i <= 5; i++)
        {
            await PushImageAsync(repository, $"build-{i}");
        }

        var tags = (await repository.ListTagsAsync(null, 100)).Values();
        Assert.Equal(["build-3", "build-4", "build-5", "latest", "v1.0"], tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_retired_tag_goes_alone_and_its_manifest_stays_while_another_tag_points_at_it()
    {
        var repository = _grains.Repository(Names.Repository("keep"));
        var shared = await PushImageAsync(repository, "first");
        await PushImageAsync(repository, "second");
        await PushImageAsync(repository, "third");
        await repository.PutManifestAsync(shared, "fourth");

        Assert.Equal(["fourth", "second", "third"], (await repository.ListTagsAsync(null, 100)).Values().Order(StringComparer.Ordinal));
        Assert.Equal(shared.Digest, (await repository.GetManifestAsync(shared.Digest)).Digest);
        Assert.Equal(shared.Digest, (await repository.GetManifestAsync("fourth")).Digest);
    }

    [Fact]
    public async Task Pushing_a_tag_again_makes_it_the_newest()
    {
        var repository = _grains.Repository(Names.Repository("keep"));
        var first = await PushImageAsync(repository, "a");
        await PushImageAsync(repository, "b");
        await PushImageAsync(repository, "c");
        await repository.PutManifestAsync(first, "a");
        await PushImageAsync(repository, "d");

        Assert.Equal(["a", "c", "d"], (await repository.ListTagsAsync(null, 100)).Values().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_run_deletes_tags_pushed_longer_ago_than_the_policy_allows_and_reports_them()
    {
        var name = Names.Repository("aged");
        var repository = _grains.Repository(name);
        var old = await PushImageAsync(repository, "old");
        await Task.Delay(PolicyClusterFixture.MaxAge + TimeSpan.FromMilliseconds(500));
        await PushImageAsync(repository, "fresh");

        var status = await _grains.RetainToEndAsync(name);

        Assert.Equal(["fresh"], (await repository.ListTagsAsync(null, 100)).Values());
        var retired = Assert.Single(status.Tags);
        Assert.Equal((name, Tag.Parse("old"), old.Digest, RetirementReason.DeleteOlderThan), (retired.Repository, retired.Tag, retired.Manifest, retired.Reason));
        Assert.Equal(old.Size + old.Blobs.Sum(blob => blob.Size), retired.ImageSize);
        Assert.Equal(1, status.TagsDeleted);
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_delete_and_deletes_nothing()
    {
        var name = Names.Repository("aged");
        var repository = _grains.Repository(name);
        await PushImageAsync(repository, "old");
        await Task.Delay(PolicyClusterFixture.MaxAge + TimeSpan.FromMilliseconds(500));

        var dry = await _grains.RetainToEndAsync(name, dryRun: true);

        Assert.Equal("old", Assert.Single(dry.Tags).Tag.Value);
        Assert.Equal(["old"], (await repository.ListTagsAsync(null, 100)).Values());
        Assert.Equal("old", Assert.Single((await _grains.RetainToEndAsync(name)).Tags).Tag.Value);
        Assert.Empty((await repository.ListTagsAsync(null, 100)).Values());
    }

    [Fact]
    public async Task Tags_pulled_lately_by_tag_or_by_digest_are_kept_past_their_age()
    {
        var name = Names.Repository("pulled");
        var repository = _grains.Repository(name);
        await PushImageAsync(repository, "pulled-by-tag");
        var byDigest = await PushImageAsync(repository, "pulled-by-digest");
        await PushImageAsync(repository, "never-pulled");
        await Task.Delay(PolicyClusterFixture.MaxAge + TimeSpan.FromMilliseconds(500));

        await repository.GetManifestAsync("pulled-by-tag");
        await repository.GetManifestAsync(byDigest.Digest);
        await _grains.RetainToEndAsync(name);

        Assert.Equal(["pulled-by-digest", "pulled-by-tag"], (await repository.ListTagsAsync(null, 100)).Values().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pulls_are_written_down_in_batches_and_outlive_the_activation_that_saw_them()
    {
        var name = Names.Repository("pulled");
        var repository = _grains.Repository(name);
        var image = await PushImageAsync(repository, "kept");
        await Task.Delay(PolicyClusterFixture.MaxAge + TimeSpan.FromMilliseconds(500));

        await repository.GetManifestAsync("kept");
        Assert.NotNull(await StoredPullAsync(name, "kept"));
        Assert.NotNull(await StoredPullAsync(name, image.Digest.ToString()));
        await repository.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await _grains.RetainToEndAsync(name);

        Assert.Equal(["kept"], (await repository.ListTagsAsync(null, 100)).Values());
    }

    [Fact]
    public async Task A_policy_expires_untagged_manifests_in_its_repositories_only()
    {
        var governed = _grains.Repository(Names.Repository("untagged"));
        var ungoverned = _grains.Repository(Names.Repository("other"));
        var untaggedHere = await PushImageAsync(governed, "latest");
        await PushImageAsync(governed, "latest");
        var untaggedThere = await PushImageAsync(ungoverned, "latest");
        await PushImageAsync(ungoverned, "latest");

        await _grains.RunToEndAsync(afterCommitLeases: false);

        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => governed.GetManifestAsync(untaggedHere.Digest));
        Assert.Equal(untaggedThere.Digest, (await ungoverned.GetManifestAsync(untaggedThere.Digest)).Digest);
    }

    [Fact]
    public async Task Concurrent_pushes_and_runs_leave_exactly_the_last_tags_each_whole()
    {
        var name = Names.Repository("keep");
        var repository = _grains.Repository(name);
        var pushes = Enumerable.Range(0, 24).Select(i => PushImageAsync(repository, $"build-{i}"));
        var runs = Enumerable.Range(0, 3).Select(_ => _grains.RetainToEndAsync(name));

        await Task.WhenAll([.. pushes, .. runs]);

        var tags = (await repository.ListTagsAsync(null, 100)).Values();
        Assert.Equal(PolicyClusterFixture.KeepLast, tags.Count);
        foreach (var tag in tags)
        {
            var manifest = await repository.GetManifestAsync(tag);
            foreach (var blob in manifest.Blobs)
            {
                Assert.Equal(blob.Size, await repository.GetBlobAsync(blob.Digest));
            }
        }
    }

    [Fact]
    public async Task Tags_written_before_push_times_were_kept_are_counted_from_the_upgrade()
    {
        var name = Names.Repository("keep");
        var old = Enumerable.Range(0, 5).Select(i => (Tag: Names.Tag($"old-{i}"), Manifest: TestManifests.Image())).ToList();
        await WriteWithoutPushTimesAsync(name, old);
        var repository = _grains.Repository(name);

        await PushImageAsync(repository, "new");

        var tags = (await repository.ListTagsAsync(null, 100)).Values();
        Assert.Equal(PolicyClusterFixture.KeepLast, tags.Count);
        Assert.Contains("new", tags);
    }

    private async Task<ManifestRecord> PushImageAsync(IRepositoryGrain repository, string tag)
    {
        var manifest = TestManifests.Image(await _cluster.PushAsync(repository));
        await repository.PutManifestAsync(manifest, tag);
        return manifest;
    }

    /// <summary>A pull as the repository wrote it down, waiting out its batching (a second here).</summary>
    private async Task<string?> StoredPullAsync(RepositoryName name, string key)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await _cluster.ReadEntryAsync(EntryOwners.Repository(name), RepositoryEntries.Pulled, key) is { } pulled)
            {
                return pulled;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>Entries as the code before push times wrote them: manifests and their tags, references indexed.</summary>
    private async Task WriteWithoutPushTimesAsync(RepositoryName name, IReadOnlyList<(Tag Tag, ManifestRecord Manifest)> tagged)
    {
        var changes = new List<Metadata.EntryChange>
        {
            RepositoryEntries.Listed(),
            RepositoryEntries.ReferencesIndexed(),
            Metadata.EntryChange.Put("meta", "layout", "entries"),
        };
        foreach (var (tag, manifest) in tagged)
        {
            changes.AddRange(RepositoryEntries.PutManifest(manifest));
            changes.AddRange(RepositoryEntries.PutTag(tag, manifest.Digest));
        }

        await _cluster.WriteEntriesAsync(EntryOwners.Repository(name), changes);
    }
}

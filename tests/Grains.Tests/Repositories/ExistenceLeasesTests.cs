using OrleansRegistry.Grains.Repositories;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Repositories;

/// <summary>
/// A blob a client found stays linked for a lease after; a new activation, which cannot know what the one before
/// it answered, protects every blob for a whole lease from its start.
/// </summary>
public sealed class ExistenceLeasesTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset Activated = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterStart = Activated + Lease + TimeSpan.FromMinutes(1);

    private readonly ExistenceLeases _leases = new(Lease, Activated);

    [Fact]
    public void Every_blob_is_protected_for_a_lease_from_the_activation()
    {
        var digest = TestManifests.NewDigest();

        Assert.True(_leases.Protects(digest, Activated + Lease - TimeSpan.FromSeconds(1)));
        Assert.False(_leases.Protects(digest, Activated + Lease));
    }

    [Fact]
    public void A_blob_found_is_protected_for_a_lease_from_then_and_no_longer()
    {
        var found = TestManifests.NewDigest();
        var other = TestManifests.NewDigest();

        _leases.Found(found, AfterStart);

        Assert.True(_leases.Protects(found, AfterStart + Lease - TimeSpan.FromSeconds(1)));
        Assert.False(_leases.Protects(other, AfterStart));
        Assert.False(_leases.Protects(found, AfterStart + Lease));
    }

    [Fact]
    public void Pruning_forgets_only_leases_that_ended()
    {
        var old = TestManifests.NewDigest();
        var recent = TestManifests.NewDigest();
        _leases.Found(old, AfterStart);
        _leases.Found(recent, AfterStart + Lease);

        _leases.Prune(AfterStart + Lease + TimeSpan.FromSeconds(1));

        Assert.True(_leases.Protects(recent, AfterStart + Lease + TimeSpan.FromSeconds(1)));
        Assert.False(_leases.Protects(old, AfterStart + Lease + TimeSpan.FromSeconds(1)));
    }
}

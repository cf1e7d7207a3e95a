using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Retention;

/// <summary>A policy of <see cref="RetentionPolicyOptions"/>, parsed.</summary>
public sealed record RetentionPolicy(
    RepositoryPattern Repositories,
    int? KeepLast,
    TimeSpan? DeleteOlderThan,
    TimeSpan? KeepPulledWithin,
    IReadOnlyList<TagPattern> Protect,
    TimeSpan? UntaggedManifestAge)
{
    /// <summary>Whether the policy ever deletes a tag (rather than only untagged manifests).</summary>
    public bool RetiresTags => KeepLast is not null || DeleteOlderThan is not null;

    public bool Protects(Tag tag) => Protect.Any(pattern => pattern.Matches(tag));

    public static RetentionPolicy Parse(RetentionPolicyOptions options) => new(
        RepositoryPattern.Parse(options.Repositories!),
        options.KeepLast,
        options.DeleteOlderThan,
        options.KeepPulledWithin,
        options.Protect.Select(TagPattern.Parse).ToList(),
        options.UntaggedManifestAge);
}

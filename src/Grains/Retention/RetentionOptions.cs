namespace OrleansRegistry.Grains.Retention;

/// <summary>Section <c>Registry:Retention</c>: which tags repositories keep (docs/operations.md).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Registry:Retention";

    /// <summary>Whether policies also run by themselves every <see cref="Interval"/>, for their time rules; a push applies <c>KeepLast</c> either way.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a repository writes down when its tags and manifests were last pulled: pulls cost no write of their own.</summary>
    public TimeSpan PullRecordInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A repository follows the first policy whose <see cref="RetentionPolicyOptions.Repositories"/> match its name, or none.</summary>
    public List<RetentionPolicyOptions> Policies { get; set; } = [];
}

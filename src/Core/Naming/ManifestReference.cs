using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Core.Naming;

/// <summary>The <c>&lt;reference&gt;</c> of a manifest URL: a tag or a digest.</summary>
public readonly record struct ManifestReference
{
    private ManifestReference(Tag? tag, Digest? digest)
    {
        Tag = tag;
        Digest = digest;
    }

    public Tag? Tag { get; }

    public Digest? Digest { get; }

    public bool IsDigest => Digest is not null;

    public override string ToString() => Tag?.Value ?? Digest!.Value.ToString();

    public static ManifestReference ForTag(Tag tag) => new(tag, null);

    public static ManifestReference ForDigest(Digest digest) => new(null, digest);

    /// <summary>A reference with a colon is a digest (tags cannot contain one); anything else must be a tag.</summary>
    public static ManifestReference Parse(string reference)
    {
        if (reference.Contains(':'))
        {
            return Digests.Digest.TryParse(reference, out var digest)
                ? ForDigest(digest)
                : throw new RegistryException(RegistryErrorCode.DigestInvalid, $"invalid digest '{ClientText.Printable(reference)}'");
        }

        return ForTag(Naming.Tag.Parse(reference));
    }
}

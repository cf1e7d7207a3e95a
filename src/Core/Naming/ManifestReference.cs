using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Core.Naming;

/// <summary>The <c>&lt;reference&gt;</c> of a manifest URL: a tag or a digest.</summary>
public readonly record struct ManifestReference
{
    private ManifestReference(string? tag, Digest? digest)
    {
        Tag = tag;
        Digest = digest;
    }

    public string? Tag { get; }

    public Digest? Digest { get; }

    public bool IsDigest => Digest is not null;

    public override string ToString() => Tag ?? Digest!.Value.ToString();

    public static ManifestReference ForTag(string tag) => new(tag, null);

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

        return Naming.Tag.IsValid(reference)
            ? ForTag(reference)
            : throw new RegistryException(RegistryErrorCode.TagInvalid, $"invalid tag '{ClientText.Printable(reference)}'");
    }
}

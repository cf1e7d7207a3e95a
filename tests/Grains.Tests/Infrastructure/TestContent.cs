using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>Random blob content, different in every call, with its digest.</summary>
internal static class TestContent
{
    public static byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static Digest Sha256(byte[] content) => Digest.ComputeSha256(content);

    public static Digest Sha512(byte[] content) => Digest.Compute(Digest.Sha512, content);
}

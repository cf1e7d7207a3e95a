using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.Tests;

/// <summary>
/// The keys every driver writes. They are spelled out literally here: stored data outlives the code, so a key that
/// changes strands every blob and upload already stored.
/// </summary>
public sealed class StorageLayoutTests
{
    private static readonly Digest Sha256 = Digest.ComputeSha256("layer"u8);
    private static readonly Digest Sha512 = Digest.Compute(Digest.Sha512, "layer"u8);

    public static TheoryData<string> NonGuidIds => new()
    {
        "",
        "upload",
        "..",
        "../victim",
        "/etc",
        "00000000-0000-0000-0000-000000000000/../../victim",
        "00000000-0000-0000-0000-00000000000g",
    };

    public static TheoryData<string> KeysThatAreNoBlobs => new()
    {
        "",
        "docker/registry/v2/blobs",
        "docker/registry/v2/blobs/",
        "docker/registry/v2/blobs/sha256/ab",
        $"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}",
        $"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}/",
        $"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data.tmp",
        $"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}/link",
        $"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data/data",
        $"docker/registry/v2/blobs/sha256/zz/{Sha256.Encoded}/data",
        $"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded.ToUpperInvariant()}/data",
        $"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded[..10]}/data",
        $"docker/registry/v2/blobs/sha512/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data",
        $"docker/registry/v2/blobs/md5/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data",
        $"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data",
        $"/docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data",
        $"docker/registry/v2/repositories/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data",
        $"other/docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data",
    };

    public static TheoryData<string> KeysOfNoUpload => new()
    {
        "",
        "docker/registry/v2/_uploads",
        "docker/registry/v2/_uploads/",
        "docker/registry/v2/_uploads/not-an-upload/data",
        "docker/registry/v2/_uploads/9B2F0F7C-2C39-4A0B-9A55-5C1E8E0E6A11/data",
        "docker/registry/v2/_uploads/9b2f0f7c2c394a0b9a555c1e8e0e6a11/data",
        "docker/registry/v2/blobs/9b2f0f7c-2c39-4a0b-9a55-5c1e8e0e6a11/data",
        "/docker/registry/v2/_uploads/9b2f0f7c-2c39-4a0b-9a55-5c1e8e0e6a11/data",
    };

    [Fact]
    public void A_sha_256_blob_lies_in_distributions_layout()
    {
        Assert.Equal($"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}/data", StorageLayout.BlobDataPath(Sha256));
        Assert.Equal($"docker/registry/v2/blobs/sha256/{Sha256.Encoded[..2]}/{Sha256.Encoded}", StorageLayout.BlobDirectoryPath(Sha256));
    }

    [Fact]
    public void A_sha512_blob_lies_under_its_own_algorithm()
    {
        Assert.Equal($"docker/registry/v2/blobs/sha512/{Sha512.Encoded[..2]}/{Sha512.Encoded}/data", StorageLayout.BlobDataPath(Sha512));
    }

    [Fact]
    public void The_blobs_root_is_a_prefix_of_every_blob_key()
    {
        Assert.Equal("docker/registry/v2/blobs", StorageLayout.BlobsRoot);
        Assert.StartsWith(StorageLayout.BlobsRoot + "/", StorageLayout.BlobDataPath(Sha512));
    }

    [Fact]
    public void An_upload_is_staged_in_a_directory_of_its_own()
    {
        const string id = "9b2f0f7c-2c39-4a0b-9a55-5c1e8e0e6a11";

        Assert.Equal("docker/registry/v2/_uploads", StorageLayout.UploadsRoot);
        Assert.Equal($"docker/registry/v2/_uploads/{id}", StorageLayout.UploadDirectoryPath(id));
        Assert.Equal($"docker/registry/v2/_uploads/{id}/data", StorageLayout.UploadDataPath(id));
    }

    [Fact]
    public void An_upload_id_in_another_GUID_form_names_the_same_upload()
    {
        var id = Guid.NewGuid();

        Assert.Equal(StorageLayout.UploadDataPath(id.ToString()), StorageLayout.UploadDataPath(id.ToString("N")));
        Assert.Equal(StorageLayout.UploadDataPath(id.ToString()), StorageLayout.UploadDataPath(id.ToString("B").ToUpperInvariant()));
    }

    [Theory]
    [MemberData(nameof(NonGuidIds))]
    public void An_upload_id_that_is_no_GUID_makes_no_key(string uploadId)
    {
        Assert.Throws<ArgumentException>(() => StorageLayout.UploadDirectoryPath(uploadId));
        Assert.Throws<ArgumentException>(() => StorageLayout.UploadDataPath(uploadId));
    }

    [Fact]
    public void A_blob_key_parses_back_to_its_digest()
    {
        Assert.True(StorageLayout.TryParseBlobDataPath(StorageLayout.BlobDataPath(Sha256), out var sha256));
        Assert.Equal(Sha256, sha256);
        Assert.True(StorageLayout.TryParseBlobDataPath(StorageLayout.BlobDataPath(Sha512), out var sha512));
        Assert.Equal(Sha512, sha512);
    }

    [Theory]
    [MemberData(nameof(KeysThatAreNoBlobs))]
    public void A_key_that_is_not_exactly_a_blobs_data_is_no_blob(string key)
    {
        Assert.False(StorageLayout.TryParseBlobDataPath(key, out var digest));
        Assert.Equal(default, digest);
    }

    [Fact]
    public void Every_key_of_an_upload_names_the_upload()
    {
        const string id = "9b2f0f7c-2c39-4a0b-9a55-5c1e8e0e6a11";

        foreach (var key in new[] { StorageLayout.UploadDirectoryPath(id), StorageLayout.UploadDataPath(id), $"{StorageLayout.UploadDirectoryPath(id)}/tail-1" })
        {
            Assert.True(StorageLayout.TryParseUploadPath(key, out var uploadId));
            Assert.Equal(id, uploadId);
        }
    }

    [Theory]
    [MemberData(nameof(KeysOfNoUpload))]
    public void A_key_outside_a_canonical_upload_directory_names_no_upload(string key)
    {
        Assert.False(StorageLayout.TryParseUploadPath(key, out var uploadId));
        Assert.Null(uploadId);
    }
}

using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using OrleansRegistry.Storage;
using OrleansRegistry.TestKit.Storage;

namespace OrleansRegistry.Storage.S3.Tests;

/// <summary>The driver contract, on a bucket of the test's own in a real S3 server.</summary>
[Collection(S3ServerCollection.Name)]
public sealed class S3BlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly S3StorageOptions _options;
    private readonly S3BlobStore _store;
    private readonly AmazonS3Client _backend;

    public S3BlobStoreContractTests(S3ServerFixture server)
    {
        _options = server.Options($"contract-{Guid.NewGuid():N}");
        _store = new S3BlobStore(_options);
        _backend = S3BlobStore.CreateClient(_options);
    }

    protected override IBlobStore Store => _store;

    protected override IStorageTree Tree => _store;

    public void Dispose()
    {
        _store.Dispose();
        _backend.Dispose();
    }

    protected override async Task WriteObjectAsync(string key, byte[] content)
    {
        try
        {
            await _backend.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
        }

        await _backend.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            UseChunkEncoding = false,
        });
    }

    protected override async Task<byte[]?> ReadObjectAsync(string key)
    {
        try
        {
            using var response = await _backend.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = key });
            var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}

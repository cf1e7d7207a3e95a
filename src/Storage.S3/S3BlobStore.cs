using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.S3;

/// <summary>
/// Blobs in an S3 bucket, under the same keys as CNCF Distribution's S3 driver
/// (<c>docker/registry/v2/blobs/sha256/ab/abcd…/data</c>). Uploads stream into multipart uploads; a verified
/// upload is completed under a staging key and copied server-side to its content address.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private const string BlobsPrefix = "docker/registry/v2/blobs";
    private const string UploadsPrefix = "docker/registry/v2/_uploads/";

    private readonly IAmazonS3 _s3;
    private readonly S3StorageOptions _options;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private bool _bucketReady;

    /// <param name="options">Settings the host has checked (<c>AddS3BlobStore</c> does it at start).</param>
    public S3BlobStore(S3StorageOptions options)
    {
        _options = options;
        _s3 = CreateClient(options);
    }

    private string Bucket => _options.Bucket;

    /// <summary>Chunks of a whole part go straight into the multipart upload; smaller ones wait in a tail object.</summary>
    public long? MinimumChunkLength => _options.PartSize;

    public async Task<string> CreateUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureBucketAsync(cancellationToken);
            var response = await _s3.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = Bucket, Key = StagingKey(uploadId) }, cancellationToken);
            return new S3UploadToken(uploadId, response.UploadId, [], null, 0).Serialize();
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    public async Task<UploadWrite> WriteUploadAsync(string token, long offset, Stream content, CancellationToken cancellationToken)
    {
        try
        {
            var upload = S3UploadToken.Parse(token);
            if (upload.TotalBytes != offset)
            {
                throw new InvalidDataException($"upload {upload.UploadId} token holds {upload.TotalBytes} bytes, not the accepted {offset}");
            }

            var parts = upload.Parts.ToList();
            var buffer = ArrayPool<byte>.Shared.Rent(_options.PartSize);
            try
            {
                var filled = upload.TailKey is null ? 0 : await ReadTailAsync(upload, buffer, cancellationToken);
                long received = 0;
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(filled, _options.PartSize - filled), cancellationToken)) > 0)
                {
                    filled += read;
                    received += read;
                    if (filled == _options.PartSize)
                    {
                        parts.Add(await UploadPartAsync(upload, parts.Count + 1, buffer, filled, cancellationToken));
                        filled = 0;
                    }
                }

                string? tailKey = null;
                if (filled >= S3Limits.MinPartSize)
                {
                    parts.Add(await UploadPartAsync(upload, parts.Count + 1, buffer, filled, cancellationToken));
                    filled = 0;
                }
                else if (filled > 0)
                {
                    // A fresh key: the accepted token's tail must survive if this chunk is never accepted.
                    tailKey = $"{UploadsPrefix}{upload.UploadId}/tail-{Guid.NewGuid():N}";
                    await PutAsync(tailKey, buffer, filled, cancellationToken);
                }

                return new UploadWrite((upload with { Parts = parts, TailKey = tailKey, TailBytes = filled }).Serialize(), received);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    public async Task<Stream> ReadUploadAsync(string token, long size, CancellationToken cancellationToken)
    {
        try
        {
            var upload = S3UploadToken.Parse(token);
            await AssembleAsync(upload, size, cancellationToken);
            var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = StagingKey(upload.UploadId) }, cancellationToken);
            return response.ResponseStream;
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    public async Task CommitUploadAsync(string token, long size, Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            var upload = S3UploadToken.Parse(token);
            var target = BlobKey(digest);
            if (size == 0)
            {
                await PutAsync(target, [], 0, cancellationToken);
            }
            else
            {
                if (!await AssembleAsync(upload, size, cancellationToken) && await SizeOfAsync(target, cancellationToken) == size)
                {
                    // A commit retried after the copy succeeded.
                    return;
                }

                await CopyAsync(StagingKey(upload.UploadId), target, size, cancellationToken);
            }

            await DeleteUploadObjectsAsync(upload.UploadId, cancellationToken);
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    public async Task AbortUploadAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            var upload = S3UploadToken.Parse(token);
            try
            {
                await _s3.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = Bucket, Key = StagingKey(upload.UploadId), UploadId = upload.MultipartId },
                    cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }

            await DeleteUploadObjectsAsync(upload.UploadId, cancellationToken);
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    public async IAsyncEnumerable<StagedUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = UploadsPrefix };
        while (true)
        {
            var response = await ListMultipartUploadsAsync(request, cancellationToken);
            foreach (var upload in response.MultipartUploads ?? [])
            {
                var id = upload.Key[UploadsPrefix.Length..].Split('/')[0];
                if (Guid.TryParse(id, out _))
                {
                    var initiated = upload.Initiated is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;
                    yield return new StagedUpload(id, new S3UploadToken(id, upload.UploadId, [], null, 0).Serialize(), initiated);
                }
            }

            if (response.IsTruncated != true)
            {
                yield break;
            }

            request.KeyMarker = response.NextKeyMarker;
            request.UploadIdMarker = response.NextUploadIdMarker;
        }
    }

    public async Task<long?> GetBlobSizeAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureBucketAsync(cancellationToken);
            return await SizeOfAsync(BlobKey(digest), cancellationToken);
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    public async Task<Stream> OpenBlobAsync(Digest digest, long offset, long? length, CancellationToken cancellationToken)
    {
        try
        {
            var request = new GetObjectRequest { BucketName = Bucket, Key = BlobKey(digest) };
            if (offset > 0 || length is not null)
            {
                request.ByteRange = length is { } l ? new ByteRange(offset, offset + l - 1) : new ByteRange($"bytes={offset}-");
            }

            try
            {
                var response = await _s3.GetObjectAsync(request, cancellationToken);
                return response.ResponseStream;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw new BlobNotFoundException(digest);
            }
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    public async Task<Uri?> GetDownloadUrlAsync(Digest digest, CancellationToken cancellationToken)
    {
        if (!_options.RedirectDownloads)
        {
            return null;
        }

        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = BlobKey(digest),
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow + _options.RedirectExpiry,
            Protocol = _options.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        return new Uri(await _s3.GetPreSignedURLAsync(request));
    }

    public async Task PutBlobAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureBucketAsync(cancellationToken);
            var key = BlobKey(digest);
            if (await SizeOfAsync(key, cancellationToken) == content.Length)
            {
                return;
            }

            await PutAsync(key, content.ToArray(), content.Length, cancellationToken);
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    public void Dispose()
    {
        _s3.Dispose();
        _bucketGate.Dispose();
    }

    /// <summary>An iterator cannot yield inside a try with a catch, so the listing call is translated on its own.</summary>
    private async Task<ListMultipartUploadsResponse> ListMultipartUploadsAsync(ListMultipartUploadsRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureBucketAsync(cancellationToken);
            return await _s3.ListMultipartUploadsAsync(request, cancellationToken);
        }
        catch (Exception e) when (S3Failures.IsUnavailable(e, cancellationToken))
        {
            throw S3Failures.Unavailable(e);
        }
    }

    /// <summary>
    /// Completes the multipart upload into the staging object, uploading the tail as the last part. Returns false
    /// when there was no multipart upload left to complete (an earlier attempt completed it).
    /// </summary>
    private async Task<bool> AssembleAsync(S3UploadToken upload, long size, CancellationToken cancellationToken)
    {
        if (upload.TotalBytes != size)
        {
            throw new InvalidDataException($"upload {upload.UploadId} token holds {upload.TotalBytes} bytes, not {size}");
        }

        var parts = upload.Parts.ToList();
        try
        {
            if (upload.TailKey is not null)
            {
                var buffer = ArrayPool<byte>.Shared.Rent((int)upload.TailBytes);
                try
                {
                    var length = await ReadTailAsync(upload, buffer, cancellationToken);
                    parts.Add(await UploadPartAsync(upload, parts.Count + 1, buffer, length, cancellationToken));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            await _s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest
                {
                    BucketName = Bucket,
                    Key = StagingKey(upload.UploadId),
                    UploadId = upload.MultipartId,
                    PartETags = parts.Select(p => new PartETag(p.Number, p.ETag)).ToList(),
                },
                cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // No multipart upload left: an earlier attempt completed it, and maybe already copied and cleaned up.
            return await SizeOfAsync(StagingKey(upload.UploadId), cancellationToken) == size;
        }
    }

    private async Task<S3Part> UploadPartAsync(S3UploadToken upload, int number, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer, 0, length, writable: false);
        var response = await _s3.UploadPartAsync(
            new UploadPartRequest
            {
                BucketName = Bucket,
                Key = StagingKey(upload.UploadId),
                UploadId = upload.MultipartId,
                PartNumber = number,
                InputStream = stream,
                PartSize = length,
                UseChunkEncoding = false,
            },
            cancellationToken);
        return new S3Part(number, response.ETag, length);
    }

    private async Task<int> ReadTailAsync(S3UploadToken upload, byte[] buffer, CancellationToken cancellationToken)
    {
        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = upload.TailKey }, cancellationToken);
        await response.ResponseStream.ReadExactlyAsync(buffer.AsMemory(0, (int)upload.TailBytes), cancellationToken);
        return (int)upload.TailBytes;
    }

    private async Task PutAsync(string key, byte[] content, int length, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, 0, length, writable: false);
        await _s3.PutObjectAsync(
            new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = stream, UseChunkEncoding = false, AutoCloseStream = false },
            cancellationToken);
    }

    private async Task CopyAsync(string source, string target, long size, CancellationToken cancellationToken)
    {
        if (size <= S3Limits.MaxSingleCopySize)
        {
            await _s3.CopyObjectAsync(
                new CopyObjectRequest { SourceBucket = Bucket, SourceKey = source, DestinationBucket = Bucket, DestinationKey = target },
                cancellationToken);
            return;
        }

        var multipart = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = target }, cancellationToken);
        var etags = new List<PartETag>();
        for (long first = 0, number = 1; first < size; first += S3Limits.CopyPartSize, number++)
        {
            var part = await _s3.CopyPartAsync(
                new CopyPartRequest
                {
                    SourceBucket = Bucket,
                    SourceKey = source,
                    DestinationBucket = Bucket,
                    DestinationKey = target,
                    UploadId = multipart.UploadId,
                    PartNumber = (int)number,
                    FirstByte = first,
                    LastByte = Math.Min(first + S3Limits.CopyPartSize, size) - 1,
                },
                cancellationToken);
            etags.Add(new PartETag((int)number, part.ETag));
        }

        await _s3.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = Bucket, Key = target, UploadId = multipart.UploadId, PartETags = etags },
            cancellationToken);
    }

    private async Task<long?> SizeOfAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task DeleteUploadObjectsAsync(string uploadId, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = $"{UploadsPrefix}{uploadId}/" };
        while (true)
        {
            var listing = await _s3.ListObjectsV2Async(request, cancellationToken);
            var keys = (listing.S3Objects ?? []).Select(o => new KeyVersion { Key = o.Key }).ToList();
            if (keys.Count > 0)
            {
                await _s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = Bucket, Objects = keys }, cancellationToken);
            }

            if (listing.IsTruncated != true)
            {
                return;
            }

            request.ContinuationToken = listing.NextContinuationToken;
        }
    }

    /// <summary>
    /// Creates the bucket once per process, on first use rather than at start, so that a registry can start
    /// before its S3 server; a failed attempt is retried by the next request instead of being remembered.
    /// </summary>
    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady || !_options.CreateBucket)
        {
            return;
        }

        await _bucketGate.WaitAsync(cancellationToken);
        try
        {
            if (!_bucketReady)
            {
                await _s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }, cancellationToken);
                _bucketReady = true;
            }
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    private static string StagingKey(string uploadId) => $"{UploadsPrefix}{uploadId}/data";

    private static string BlobKey(Digest digest) => $"{BlobsPrefix}/{digest.Algorithm}/{digest.Encoded[..2]}/{digest.Encoded}/data";

    private static AmazonS3Client CreateClient(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Non-AWS servers (Ceph RGW, older MinIO) reject the SDK's default trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}

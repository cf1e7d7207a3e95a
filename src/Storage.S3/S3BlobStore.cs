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
/// Blobs in an S3 bucket, under the keys of <see cref="StorageLayout"/>, which are CNCF Distribution's
/// (<c>docker/registry/v2/blobs/sha256/ab/abcd…/data</c>). Uploads stream into multipart uploads; a verified
/// upload is completed under a staging key and copied server-side to its content address.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IStorageTree, IDisposable
{
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

    /// <summary>How many keys or uploads one listing call asks for; tests make it small to see paging work.</summary>
    internal int ListPageSize { get; init; } = S3Limits.MaxListPageSize;

    public Task<string> CreateUploadAsync(string uploadId, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            await EnsureBucketAsync(cancellationToken);
            var response = await _s3.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = Bucket, Key = StorageLayout.UploadDataPath(uploadId) }, cancellationToken);
            return new S3UploadToken(uploadId, response.UploadId, [], null, 0).Serialize();
        },
        cancellationToken);

    public Task<UploadWrite> WriteUploadAsync(string token, long offset, Stream content, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
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
                    tailKey = $"{StorageLayout.UploadDirectoryPath(upload.UploadId)}/tail-{Guid.NewGuid():N}";
                    await PutAsync(tailKey, buffer, filled, cancellationToken);
                }

                return new UploadWrite((upload with { Parts = parts, TailKey = tailKey, TailBytes = filled }).Serialize(), received);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        },
        cancellationToken);

    public Task<Stream> ReadUploadAsync(string token, long size, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            var upload = S3UploadToken.Parse(token);
            if (size == 0 && upload.TotalBytes == 0)
            {
                // S3 completes no multipart upload without a part, and there is nothing to read.
                return Stream.Null;
            }

            await AssembleAsync(upload, size, cancellationToken);
            var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = StorageLayout.UploadDataPath(upload.UploadId) }, cancellationToken);
            return response.ResponseStream;
        },
        cancellationToken);

    public Task CommitUploadAsync(string token, long size, Digest digest, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            var upload = S3UploadToken.Parse(token);
            var target = StorageLayout.BlobDataPath(digest);
            if (size == 0)
            {
                // Without a part there is no multipart upload to complete: the empty blob is written as it is, and
                // the multipart upload ended, or listing would go on offering it for expiry.
                await PutAsync(target, [], 0, cancellationToken);
                await EndMultipartUploadAsync(upload, cancellationToken);
            }
            else
            {
                if (!await AssembleAsync(upload, size, cancellationToken) && await SizeOfAsync(target, cancellationToken) == size)
                {
                    // A commit retried after the copy succeeded.
                    return;
                }

                await CopyAsync(StorageLayout.UploadDataPath(upload.UploadId), target, size, cancellationToken);
            }

            await DeleteUploadObjectsAsync(upload.UploadId, cancellationToken);
        },
        cancellationToken);

    public Task AbortUploadAsync(string token, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            var upload = S3UploadToken.Parse(token);
            await EndMultipartUploadAsync(upload, cancellationToken);
            await DeleteUploadObjectsAsync(upload.UploadId, cancellationToken);
        },
        cancellationToken);

    public async IAsyncEnumerable<StagedUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = StorageLayout.UploadsRoot + "/", MaxUploads = ListPageSize };
        while (true)
        {
            // An iterator cannot yield inside a try with a catch, so each page's call is translated on its own.
            var response = await S3Failures.TranslateAsync(
                async () =>
                {
                    await EnsureBucketAsync(cancellationToken);
                    return await _s3.ListMultipartUploadsAsync(request, cancellationToken);
                },
                cancellationToken);
            foreach (var upload in response.MultipartUploads ?? [])
            {
                if (StorageLayout.TryParseUploadPath(upload.Key, out var id))
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

    public Task<long?> GetBlobSizeAsync(Digest digest, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            await EnsureBucketAsync(cancellationToken);
            return await SizeOfAsync(StorageLayout.BlobDataPath(digest), cancellationToken);
        },
        cancellationToken);

    public Task<Stream> OpenBlobAsync(Digest digest, long offset, long? length, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            var request = new GetObjectRequest { BucketName = Bucket, Key = StorageLayout.BlobDataPath(digest) };
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
        },
        cancellationToken);

    public async Task<Uri?> GetDownloadUrlAsync(Digest digest, CancellationToken cancellationToken)
    {
        if (!_options.RedirectDownloads)
        {
            return null;
        }

        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = StorageLayout.BlobDataPath(digest),
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow + _options.RedirectExpiry,
            Protocol = _options.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        return new Uri(await _s3.GetPreSignedURLAsync(request));
    }

    public Task PutBlobAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            await EnsureBucketAsync(cancellationToken);
            var key = StorageLayout.BlobDataPath(digest);
            if (await SizeOfAsync(key, cancellationToken) == content.Length)
            {
                return;
            }

            await PutAsync(key, content.ToArray(), content.Length, cancellationToken);
        },
        cancellationToken);

    public Task DeleteBlobAsync(Digest digest, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            await EnsureBucketAsync(cancellationToken);
            // S3 answers the delete of a missing key with success, which makes this idempotent by itself.
            await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = StorageLayout.BlobDataPath(digest) }, cancellationToken);
        },
        cancellationToken);

    public async IAsyncEnumerable<StoredBlob> ListBlobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = StorageLayout.BlobsRoot + "/", MaxKeys = ListPageSize };
        await foreach (var page in ListPagesAsync(request, cancellationToken))
        {
            foreach (var entry in page.S3Objects ?? [])
            {
                if (StorageLayout.TryParseBlobDataPath(entry.Key, out var digest))
                {
                    var modified = entry.LastModified is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;
                    yield return new StoredBlob(digest, entry.Size ?? 0, modified);
                }
            }
        }
    }

    public async IAsyncEnumerable<string> ListChildrenAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix + "/", Delimiter = "/", MaxKeys = ListPageSize };
        await foreach (var page in ListPagesAsync(request, cancellationToken))
        {
            foreach (var common in page.CommonPrefixes ?? [])
            {
                // "<prefix>/<name>/": the name alone.
                yield return common[request.Prefix.Length..^1];
            }
        }
    }

    /// <summary>Every page of a listing, each call translated on its own (an iterator cannot yield inside a try with a catch).</summary>
    private async IAsyncEnumerable<ListObjectsV2Response> ListPagesAsync(ListObjectsV2Request request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await S3Failures.TranslateAsync(
                async () =>
                {
                    await EnsureBucketAsync(cancellationToken);
                    return await _s3.ListObjectsV2Async(request, cancellationToken);
                },
                cancellationToken);
            yield return page;
            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public Task<byte[]?> ReadSmallAsync(string key, int maxLength, CancellationToken cancellationToken) => S3Failures.TranslateAsync(
        async () =>
        {
            await EnsureBucketAsync(cancellationToken);
            GetObjectResponse response;
            try
            {
                response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            using (response)
            {
                if (response.ContentLength > maxLength)
                {
                    throw new InvalidDataException($"{key} holds {response.ContentLength} bytes, more than the {maxLength} expected");
                }

                var content = new byte[response.ContentLength];
                await response.ResponseStream.ReadExactlyAsync(content, cancellationToken);
                return (byte[]?)content;
            }
        },
        cancellationToken);

    public void Dispose()
    {
        _s3.Dispose();
        _bucketGate.Dispose();
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
                    Key = StorageLayout.UploadDataPath(upload.UploadId),
                    UploadId = upload.MultipartId,
                    PartETags = parts.Select(p => new PartETag(p.Number, p.ETag)).ToList(),
                },
                cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // No multipart upload left: an earlier attempt completed it, and maybe already copied and cleaned up.
            return await SizeOfAsync(StorageLayout.UploadDataPath(upload.UploadId), cancellationToken) == size;
        }
    }

    private async Task<S3Part> UploadPartAsync(S3UploadToken upload, int number, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer, 0, length, writable: false);
        var response = await _s3.UploadPartAsync(
            new UploadPartRequest
            {
                BucketName = Bucket,
                Key = StorageLayout.UploadDataPath(upload.UploadId),
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

    /// <summary>Aborts the multipart upload; one that is gone already (completed or aborted before) is no error.</summary>
    private async Task EndMultipartUploadAsync(S3UploadToken upload, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = Bucket, Key = StorageLayout.UploadDataPath(upload.UploadId), UploadId = upload.MultipartId },
                cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task DeleteUploadObjectsAsync(string uploadId, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = StorageLayout.UploadDirectoryPath(uploadId) + "/", MaxKeys = ListPageSize };
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

    internal static AmazonS3Client CreateClient(S3StorageOptions options)
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

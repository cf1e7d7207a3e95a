// Times the two backend writes of a cluster manifest PUT, one at a time, as a registry grows: the metadata store's
// fenced Redis batch (the manifest, its tag, the tag's index entry, as RepositoryGrain writes them) and the S3 PUT
// of a manifest-sized object into the bucket. Run against a Redis and an S3 server of your own, for example:
//
//   redis-server --port 46379 --save "" --appendonly yes --daemonize yes
//   OSD_STORE=bluestore S3_PORT=49000 scripts/s3-server.sh start
//   dotnet run -c Release --project bench/OrleansRegistry.GrowthProbe -- 127.0.0.1:46379 http://127.0.0.1:49000
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using OrleansRegistry.Metadata;
using OrleansRegistry.Metadata.Redis;
using StackExchange.Redis;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: OrleansRegistry.GrowthProbe <redis host:port> <S3 endpoint URL> (S3 credentials: minioadmin/minioadmin)");
    return 2;
}

int[] sizes = [1_000, 10_000, 100_000];
const int Samples = 300;
const int SeedConcurrency = 16;

using var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
var store = new RedisEntryStore(redis, "growth-probe/");
var fence = await store.OpenAsync(new EntryOwner("repository", "bench/growth"), CancellationToken.None);
using var s3 = new AmazonS3Client("minioadmin", "minioadmin", new AmazonS3Config
{
    ServiceURL = args[1],
    ForcePathStyle = true,
    AuthenticationRegion = "us-east-1",
    RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
    ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
});
const string Bucket = "growth-probe";
try
{
    await s3.PutBucketAsync(Bucket);
}
catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
{
}

var manifest = RandomNumberGenerator.GetBytes(900);
var seeded = 0;
foreach (var size in sizes)
{
    var next = seeded - 1;
    await Task.WhenAll(Enumerable.Range(0, SeedConcurrency).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < size)
        {
            await store.WriteAsync(fence, ManifestPut($"seed-{i:D7}"), CancellationToken.None);
            await PutObjectAsync($"seed-{i}");
        }
    })));
    seeded = size;

    var batches = new List<double>();
    var objects = new List<double>();
    for (var i = 0; i < Samples; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await store.WriteAsync(fence, ManifestPut($"probe-{size}-{i}"), CancellationToken.None);
        batches.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        started = Stopwatch.GetTimestamp();
        await PutObjectAsync($"probe-{size}-{i}");
        objects.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    Console.WriteLine($"{size,9:N0}: Redis entry batch median {Median(batches):0.00} ms; S3 PUT of a {manifest.Length}-byte object median {Median(objects):0.00} ms");
}

return 0;

static string DigestOf(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

static IReadOnlyList<EntryChange> ManifestPut(string tag)
{
    var digest = DigestOf(tag);
    return
    [
        EntryChange.Put("manifests", digest, """{"size":900,"mediaType":"application/vnd.oci.image.manifest.v1+json"}"""),
        EntryChange.Put("tags", tag, digest),
        EntryChange.Put("tags-of:" + digest, tag, ""),
    ];
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

Task PutObjectAsync(string name)
{
    var hex = DigestOf(name)["sha256:".Length..];
    return s3.PutObjectAsync(new PutObjectRequest
    {
        BucketName = Bucket,
        Key = $"docker/registry/v2/blobs/sha256/{hex[..2]}/{hex}/data",
        InputStream = new MemoryStream(manifest),
    });
}

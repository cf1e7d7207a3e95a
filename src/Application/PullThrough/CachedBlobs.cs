using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.Storage;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Storage;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// Blobs of cached repositories. A blob is fetched from its upstream once for the whole cluster (one
/// <see cref="IUpstreamFetchGrain"/> per upstream and digest): the fetcher streams the body into storage while
/// hashing it, and to its own client as it arrives; the blob becomes visible as an upload does (verified, committed
/// to its content address, then linked), and a failed or short transfer leaves nothing visible. The other requesters
/// of the same process read the bytes as they come (<see cref="BlobTransfers"/>), and so do those of other gateways
/// where the fetching gateway has a peer address (<see cref="PeerTransfers"/>); others wait for the fetch and are
/// then served from storage.
/// </summary>
public sealed class CachedBlobs(
    IGrainFactory grains,
    IBlobStore store,
    ContentCommits commits,
    UpstreamClient upstreams,
    SingleFlight flight,
    BlobTransfers transfers,
    PeerTransfers peers,
    PullThroughMetrics metrics,
    ILogger<CachedBlobs> logger)
{
    /// <summary>Makes the blob linked in the cached repository, fetching it where it must.</summary>
    /// <param name="receiver">
    /// Where the bytes go as they arrive, should this request be the one that fetches them: given the size, it
    /// answers the stream to write them to. Null to have the blob stored first (a HEAD, a range).
    /// </param>
    public async Task<CachedBlob> EnsureAsync(ProxiedRepository repository, Digest digest, BlobReceiver? receiver, CancellationToken cancellationToken)
    {
        var served = await LinkOrFetchAsync(repository, digest, receiver, cancellationToken);
        metrics.ServedBlob(repository.Upstream.Name, served.Outcome ?? CacheOutcome.Hit);
        return served;
    }

    private async Task<CachedBlob> LinkOrFetchAsync(ProxiedRepository repository, Digest digest, BlobReceiver? receiver, CancellationToken cancellationToken)
    {
        var local = grains.Repository(repository.Local);
        if (await local.GetBlobAsync(digest) is { } size)
        {
            return new CachedBlob(size, CacheOutcome.Hit, false);
        }

        if (await MountFromSameUpstreamAsync(repository, digest) is { } mounted)
        {
            return new CachedBlob(mounted.Size, CacheOutcome.Hit, false);
        }

        var key = UpstreamFetchKey.Blob(repository.Upstream.Name, digest);
        using var lead = transfers.TryLead(key, out var led);
        if (lead is null && receiver is not null && await led.WaitAsync(cancellationToken) is { } transfer && transfer.OpenReader() is { } reader)
        {
            await using (reader)
            {
                return await ServeJoinedAsync(repository, digest, reader, transfer.Length, receiver, cancellationToken);
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            CachedBlob? fetched = null;
            CachedBlob? joined = null;
            var turn = await flight.RunAsync(
                key,
                async fetching =>
                {
                    fetched = await FetchAsync(key, repository, digest, receiver, lead, fetching);
                    return new FetchResult(null, DateTimeOffset.MaxValue);
                },
                cancellationToken,
                receiver is null ? null : async transfer =>
                {
                    lead?.Pass();
                    joined = await FollowPeerAsync(repository, digest, transfer, receiver, cancellationToken);
                    return joined is not null;
                });
            if (turn.Kind == FetchTurnKind.Failed)
            {
                throw UpstreamRefusals.Of(turn.Failure!, RegistryErrorCode.BlobUnknown, $"{repository.Local}@{digest}");
            }

            if ((fetched ?? joined) is { } delivered)
            {
                return delivered;
            }

            // Fetched by another request, maybe for another repository of the upstream: it is in storage now.
            if (await local.MountAsync(digest, null) is { } link)
            {
                return new CachedBlob(link.Size, CacheOutcome.Hit, false);
            }

            if (attempt > 0)
            {
                throw new RegistryException(RegistryErrorCode.BlobUnknown, $"{digest} was fetched but is not in storage");
            }

            // Fetched once, and deleted since: the grain still remembers the fetch; it is done again.
            await grains.UpstreamFetch(key).ForgetAsync();
        }
    }

    /// <summary>
    /// Serves a blob another request is fetching, this gateway's or another's, from its transfer as it comes (which
    /// ends only once the blob verified and is stored), then links it in this request's repository (the fetcher's
    /// may be another of the same upstream).
    /// </summary>
    private async Task<CachedBlob> ServeJoinedAsync(
        ProxiedRepository repository, Digest digest, Stream transfer, long length, BlobReceiver receiver, CancellationToken cancellationToken)
    {
        var client = receiver(length, CacheOutcome.Joined);
        await transfer.CopyToAsync(client, cancellationToken);
        await client.FlushAsync(cancellationToken);
        if (await grains.Repository(repository.Local).MountAsync(digest, null) is null)
        {
            logger.LogWarning("{Digest} was served from its upstream transfer but is not in storage to link in {Repository}", digest, repository.Local);
        }

        return new CachedBlob(length, CacheOutcome.Joined, Delivered: true);
    }

    /// <summary>Serves the client from another gateway's transfer; null, touching nothing, when it cannot be read.</summary>
    private async Task<CachedBlob?> FollowPeerAsync(
        ProxiedRepository repository, Digest digest, PeerTransfer transfer, BlobReceiver receiver, CancellationToken cancellationToken)
    {
        using var response = await peers.OpenAsync(transfer, cancellationToken);
        if (response is null)
        {
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await ServeJoinedAsync(repository, digest, body, transfer.Length, receiver, cancellationToken);
    }

    /// <summary>
    /// A blob another repository of the same upstream cached is linked without a fetch. Only from there: a blob
    /// of a private repository of this registry must not be reachable by guessing its digest in a cached one.
    /// </summary>
    private async Task<BlobLink?> MountFromSameUpstreamAsync(ProxiedRepository repository, Digest digest)
    {
        var links = await grains.Blob(digest).GetLinksAsync();
        var prefix = repository.Upstream.Prefix + "/";
        foreach (var link in links)
        {
            if (link.Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return await grains.Repository(repository.Local).MountAsync(digest, link);
            }
        }

        return null;
    }

    /// <param name="lead">Set where this request leads its process's requests for the blob: they read the transfer.</param>
    private async Task<CachedBlob> FetchAsync(
        UpstreamFetchKey key, ProxiedRepository repository, Digest digest, BlobReceiver? receiver, BlobTransfers.Lead? lead, CancellationToken cancellationToken)
    {
        var upstream = repository.Upstream;
        await using var body = await upstreams.OpenBlobAsync(repository, digest, cancellationToken);
        var transfer = lead is not null && body.Length is { } known ? lead.Start(known) : null;
        if (transfer is not null && peers.Enabled)
        {
            await PublishAsync(key, lead!, transfer);
        }

        var token = await store.CreateUploadAsync(UploadId.New().ToString(), cancellationToken);
        try
        {
            using var hash = IncrementalHash.CreateHash(Digest.HashAlgorithmNameOf(digest.Algorithm));
            var client = receiver is not null && body.Length is { } announced ? receiver(announced, CacheOutcome.Miss) : null;
            await using var content = new UpstreamBlobStream(body.Content, hash, body.Length, client, transfer, upstream.Timeout, logger);
            UploadWrite written;
            try
            {
                written = await store.WriteUploadAsync(token, 0, content, cancellationToken);
            }
            catch (IOException e)
            {
                throw new UpstreamException(upstream, null, null, $"the blob {digest} broke off after {content.BytesRead} bytes: {e.Message}", e);
            }
            catch (HttpRequestException e)
            {
                throw new UpstreamException(upstream, null, null, $"the blob {digest} broke off after {content.BytesRead} bytes: {e.Message}", e);
            }

            token = written.Token;
            metrics.Fetched(upstream.Name, written.BytesWritten);
            var actual = Digest.FromHash(digest.Algorithm, hash.GetHashAndReset());
            if (body.Length is { } length && written.BytesWritten != length)
            {
                throw new UpstreamException(upstream, null, null, $"the blob {digest} ended after {written.BytesWritten} of {length} bytes");
            }

            if (actual != digest)
            {
                throw new UpstreamException(upstream, null, null, $"the blob {digest} it served has the digest {actual}");
            }

            // From here on the blob is good: a client that went away must not leave it half visible.
            await commits.CommitUploadAsync(token, written.BytesWritten, digest, CancellationToken.None);
            await grains.Repository(repository.Local).LinkBlobAsync(digest, written.BytesWritten);
            transfer?.Verified();
            await content.ReleaseLastByteAsync(CancellationToken.None);
            return new CachedBlob(written.BytesWritten, CacheOutcome.Miss, Delivered: client is not null);
        }
        catch
        {
            await AbortQuietlyAsync(token);
            throw;
        }
    }

    /// <summary>A transfer other gateways cannot learn of costs them only the wait for the fetch.</summary>
    private async Task PublishAsync(UpstreamFetchKey key, BlobTransfers.Lead lead, BlobTransfer transfer)
    {
        var (id, token) = lead.ExposeToPeers();
        try
        {
            await grains.UpstreamFetch(key).PublishTransferAsync(peers.Describe(id, token, transfer.Length));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not publish the transfer of {Key} to the other gateways", key);
        }
    }

    private async Task AbortQuietlyAsync(string token)
    {
        try
        {
            await store.AbortUploadAsync(token, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Upload expiry removes staged bytes whose session does not exist.
            logger.LogDebug(e, "Could not remove the staged bytes of a failed upstream fetch");
        }
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OrleansRegistry.Grains.Abstractions.PullThrough;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// Upstream blob fetches as the requests of this process share them: the first request for a blob leads, and the
/// others read the blob from its <see cref="BlobTransfer"/> as it comes, should the leader be the one that fetches it
/// for the cluster. Where this gateway has a peer address, other gateways read it too (<see cref="OpenForPeer"/>).
/// </summary>
public sealed class BlobTransfers
{
    private readonly ConcurrentDictionary<UpstreamFetchKey, Lead> _leads = new();
    private readonly ConcurrentDictionary<Guid, Lead> _exposed = new();
    private readonly string _directory;

    /// <summary>Spools go to the temporary directory, which a container has even with a read-only root.</summary>
    public BlobTransfers()
        : this(Path.GetTempPath())
    {
    }

    internal BlobTransfers(string directory) => _directory = directory;

    /// <summary>
    /// Leads the requests of this process for <paramref name="key"/>, or, when another request leads, null and
    /// <paramref name="led"/>: the leader's transfer once it fetches, or null when it will not (another gateway
    /// fetches, the blob was there, the fetch failed before a byte).
    /// </summary>
    internal Lead? TryLead(UpstreamFetchKey key, out Task<BlobTransfer?> led)
    {
        var lead = new Lead(this, key);
        var current = _leads.GetOrAdd(key, lead);
        led = current.Transfer;
        return ReferenceEquals(current, lead) ? lead : null;
    }

    /// <summary>
    /// A reader, from the first byte, of a transfer this process exposed to its peers under <paramref name="id"/>;
    /// null when there is none (it ended) or <paramref name="token"/> is not its token.
    /// </summary>
    public Stream? OpenForPeer(Guid id, string? token) =>
        _exposed.TryGetValue(id, out var lead) && lead.Accepts(token) ? lead.Transfer.Result?.OpenReader() : null;

    /// <summary>The lead of one key: publishes the transfer when its request fetches, and ends it with the request.</summary>
    internal sealed class Lead(BlobTransfers owner, UpstreamFetchKey key) : IDisposable
    {
        private readonly TaskCompletionSource<BlobTransfer?> _transfer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        /// <summary>The id peers ask for, and the token they must show, as the ASCII of its hex.</summary>
        private (Guid Id, byte[] Token)? _exposedAs;

        public Task<BlobTransfer?> Transfer => _transfer.Task;

        /// <summary>This request fetches a blob of <paramref name="length"/> bytes: the others of this process may read it as it comes.</summary>
        public BlobTransfer Start(long length)
        {
            var transfer = new BlobTransfer(owner._directory, length);
            _transfer.TrySetResult(transfer);
            return transfer;
        }

        /// <summary>This request will not fetch (it reads another gateway's transfer): the others of this process go their own way.</summary>
        public void Pass() => _transfer.TrySetResult(null);

        /// <summary>Lets other gateways read the started transfer: the id they ask for, and the token they must show.</summary>
        public (Guid Id, string Token) ExposeToPeers()
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var id = Guid.NewGuid();
            _exposedAs = (id, Encoding.ASCII.GetBytes(token));
            owner._exposed[id] = this;
            return (id, token);
        }

        public bool Accepts(string? token) =>
            _exposedAs is { } exposed && token is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), exposed.Token);

        /// <summary>Ends the lead: the next request leads anew; readers of a verified blob read on.</summary>
        public void Dispose()
        {
            owner._leads.TryRemove(new KeyValuePair<UpstreamFetchKey, Lead>(key, this));
            if (_exposedAs is { } exposed)
            {
                owner._exposed.TryRemove(exposed.Id, out _);
            }

            if (!_transfer.TrySetResult(null))
            {
                _transfer.Task.Result?.Dispose();
            }
        }
    }
}

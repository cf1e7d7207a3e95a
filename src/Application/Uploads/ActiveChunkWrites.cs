using System.Collections.Concurrent;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Application.Uploads;

/// <summary>
/// The chunks this process is writing, by lease: what upload sessions ask while they hold a lease for it. The
/// sessions reach it as an Orleans client object (<see cref="Writer"/>); once this process dies, the cluster drops
/// it and their calls fail, which frees its uploads in about a second instead of when their leases lapse.
/// </summary>
public sealed class ActiveChunkWrites(IGrainFactory grains) : IUploadWriter
{
    private readonly ConcurrentDictionary<Guid, bool> _leases = new();
    private IUploadWriter? _writer;
    private object? _writerLock;

    /// <summary>
    /// This process, as the upload sessions call it. Orleans holds the object behind the reference weakly; this is
    /// a singleton, so it lives as long as the process does.
    /// </summary>
    public IUploadWriter Writer =>
        LazyInitializer.EnsureInitialized(ref _writer, ref _writerLock, () => grains.CreateObjectReference<IUploadWriter>(this));

    /// <summary>Marks a lease as written by this process until the returned scope ends: take it before acquiring the lease.</summary>
    public IDisposable Writing(Guid leaseId)
    {
        _leases[leaseId] = true;
        return new Scope(this, leaseId);
    }

    public Task<bool> IsWritingAsync(Guid leaseId) => Task.FromResult(_leases.ContainsKey(leaseId));

    private sealed class Scope(ActiveChunkWrites owner, Guid leaseId) : IDisposable
    {
        public void Dispose() => owner._leases.TryRemove(leaseId, out _);
    }
}

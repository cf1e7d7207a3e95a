using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Uploads;

internal sealed class UploadSessionGrain(
    [PersistentState(GrainStorageNames.UploadSessionState, GrainStorageNames.Registry)] IPersistentState<UploadSessionState> state,
    IBlobStore store,
    IOptions<UploadOptions> options,
    TimeProvider time,
    ILogger<UploadSessionGrain> logger) : Grain, IUploadSessionGrain
{
    /// <summary>
    /// How often the writer of a chunk is asked whether it still writes: one small message a second per chunk in
    /// flight, and a writer that died is noticed within a second of the cluster dropping it.
    /// </summary>
    private static readonly TimeSpan WriterCheckPeriod = TimeSpan.FromSeconds(1);

    // Why a lease was freed without its writer's commit or release (GrainMetrics.LeaseFreed).
    private const string WriterGone = "writer-gone";
    private const string WriterStopped = "writer-stopped";
    private const string Lapsed = "lapsed";

    private Lease? _lease;
    private IGrainTimer? _writerCheck;

    private UploadId UploadId => UploadId.Parse(this.GetPrimaryKeyString());

    private bool IsWriting => _lease is { } held && held.ExpiresAt > time.GetUtcNow();

    public async Task<UploadStatus> StartAsync(RepositoryName repository, string storageToken)
    {
        if (state.RecordExists)
        {
            // A retried start: the upload id is fresh for every POST, so this is the same upload.
            Require(repository);
            return Status();
        }

        var now = time.GetUtcNow();
        state.State = new UploadSessionState
        {
            Repository = repository,
            StorageToken = storageToken,
            StartedAt = now,
            LastActivity = now,
        };
        await state.WriteStateAsync();
        return Status();
    }

    public Task<UploadStatus> GetStatusAsync(RepositoryName repository)
    {
        Require(repository);
        return Task.FromResult(Status());
    }

    public Task<WriteLease> AcquireWriteAsync(RepositoryName repository, long? expectedOffset, Guid leaseId, IUploadWriter writer)
    {
        Require(repository);
        if (_lease?.Id != leaseId)
        {
            RequireOpen();
            if (expectedOffset is { } start && start != state.State.Offset)
            {
                throw new RegistryGrainException(
                    RegistryErrorCode.RangeInvalid, $"the chunk starts at {start}, the upload continues at {state.State.Offset}");
            }

            if (IsWriting)
            {
                throw new RegistryGrainException(RegistryErrorCode.BlobUploadInvalid, "another request is writing to this upload");
            }

            if (_lease is not null)
            {
                LeaseFreed(Lapsed, "its writer stopped renewing it");
            }

            _lease = new Lease(leaseId, time.GetUtcNow() + options.Value.WriteLeaseTimeout);
            _writerCheck?.Dispose();
            // Interleaved: while a call to a writer that died waits for the cluster to drop it, the upload still
            // answers, and the next writer is refused only for as long as the lease really is held.
            _writerCheck = this.RegisterGrainTimer(
                cancellation => CheckWriterAsync(leaseId, writer, cancellation),
                new GrainTimerCreationOptions { DueTime = WriterCheckPeriod, Period = WriterCheckPeriod, Interleave = true });
        }

        return Task.FromResult(new WriteLease(
            leaseId, state.State.Offset, state.State.StorageToken, state.State.HashState, options.Value.WriteLeaseTimeout / 3));
    }

    public Task RenewWriteAsync(Guid leaseId)
    {
        RequireLease(leaseId);
        _lease = _lease! with { ExpiresAt = time.GetUtcNow() + options.Value.WriteLeaseTimeout };
        return Task.CompletedTask;
    }

    public async Task<UploadStatus> CommitWriteAsync(Guid leaseId, ChunkWritten chunk)
    {
        if (state.RecordExists && state.State.LastCommittedLease == leaseId)
        {
            return Status();
        }

        RequireLease(leaseId);
        state.State.Offset += chunk.BytesWritten;
        state.State.StorageToken = chunk.StorageToken;
        state.State.HashState = chunk.HashState;
        state.State.LastActivity = time.GetUtcNow();
        state.State.LastCommittedLease = leaseId;
        await state.WriteStateAsync();
        EndLease();
        return Status();
    }

    public Task ReleaseWriteAsync(Guid leaseId)
    {
        if (_lease?.Id == leaseId)
        {
            EndLease();
        }

        return Task.CompletedTask;
    }

    public async Task<SealedUpload> SealAsync(RepositoryName repository, Digest digest)
    {
        Require(repository);
        if (state.State.Sealed is { } sealedAs)
        {
            // A retried completion goes on where the first stopped; the bytes cannot have another digest now.
            return sealedAs == digest
                ? Sealed()
                : throw new RegistryGrainException(RegistryErrorCode.DigestInvalid, $"the upload was completed as {sealedAs}, not {digest}");
        }

        if (IsWriting)
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUploadInvalid, "a chunk is still being written to this upload");
        }

        var actual = digest.Algorithm == Digest.Sha256
            ? ResumableSha256.DigestOf(state.State.HashState)
            : await RehashAsync(digest.Algorithm);
        if (actual != digest)
        {
            throw new RegistryGrainException(RegistryErrorCode.DigestInvalid, $"the uploaded content has digest {actual}, not {digest}");
        }

        state.State.Sealed = digest;
        state.State.LastActivity = time.GetUtcNow();
        await state.WriteStateAsync();
        return Sealed();
    }

    public async Task CompleteAsync(Digest digest)
    {
        if (!state.RecordExists)
        {
            // A retried completion after the first cleared the upload.
            return;
        }

        if (state.State.Sealed != digest)
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUploadInvalid, $"the upload is not sealed as {digest}");
        }

        var repository = state.State.Repository;
        var size = state.State.Offset;
        await state.ClearStateAsync();
        DeactivateOnIdle();
        logger.LogInformation("Upload {UploadId} completed {Digest} ({Size} bytes) in {Repository}", UploadId, digest, size, repository);
    }

    public async Task CancelAsync(RepositoryName repository)
    {
        Require(repository);
        RequireOpen();
        await DeleteAsync();
    }

    public async Task<bool> ExpireIfIdleAsync(TimeSpan idleTimeout)
    {
        if (!state.RecordExists)
        {
            return true;
        }

        if (state.State.LastActivity + idleTimeout > time.GetUtcNow() || IsWriting)
        {
            return false;
        }

        logger.LogInformation("Upload {UploadId} in {Repository} expired after {IdleTimeout} idle", UploadId, state.State.Repository, idleTimeout);
        await DeleteAsync();
        return true;
    }

    private async Task DeleteAsync()
    {
        await store.AbortUploadAsync(state.State.StorageToken, CancellationToken.None);
        await state.ClearStateAsync();
        EndLease();
        DeactivateOnIdle();
    }

    /// <summary>
    /// Frees the upload when the lease's writer is gone (the cluster dropped its process: it died) or says it no
    /// longer writes (it gave up the chunk but could not tell the session). Nothing it wrote was committed, so
    /// nothing of it counts: the next writer starts at the accepted offset. A writer that does not answer at all
    /// (a frozen process, a lost network) keeps the upload until its lease lapses.
    /// </summary>
    private async Task CheckWriterAsync(Guid leaseId, IUploadWriter writer, CancellationToken cancellation)
    {
        if (_lease is not { } lease || lease.Id != leaseId)
        {
            return;
        }

        var remaining = lease.ExpiresAt - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            LeaseFreed(Lapsed, "its writer stopped renewing it");
            EndLease();
            return;
        }

        string? reason;
        try
        {
            // A question the writer has not answered within a period is asked again at the next check: one sent
            // as its process died is lost with the connection and would otherwise wait out the response timeout,
            // while a question sent once the silos have dropped the writer fails at once.
            var patience = remaining < WriterCheckPeriod ? remaining : WriterCheckPeriod;
            reason = await writer.IsWritingAsync(leaseId).WaitAsync(patience, time, cancellation) ? null : WriterStopped;
        }
        catch (ClientNotAvailableException)
        {
            reason = WriterGone;
        }
        catch (TimeoutException)
        {
            // No answer yet: neither alive nor gone. If the lease lapses meanwhile, the next check frees it.
            return;
        }

        if (reason is not null && _lease?.Id == leaseId)
        {
            LeaseFreed(reason, reason == WriterGone ? "its writer's process is gone" : "its writer no longer writes");
            EndLease();
        }
    }

    private void EndLease()
    {
        _lease = null;
        _writerCheck?.Dispose();
        _writerCheck = null;
    }

    private void LeaseFreed(string reason, string why)
    {
        GrainMetrics.LeaseFreed(reason);
        logger.LogInformation("Freed the write lease of upload {UploadId} in {Repository}: {Why}; nothing written under it counts", UploadId, state.State.Repository, why);
    }

    /// <summary>Hashing runs in the gateway as SHA-256 only; another algorithm re-reads the staged bytes once.</summary>
    private async Task<Digest> RehashAsync(string algorithm)
    {
        await using var content = await store.ReadUploadAsync(state.State.StorageToken, state.State.Offset, CancellationToken.None);
        return (await Digest.ComputeAsync(algorithm, content, CancellationToken.None)).Digest;
    }

    private void Require(RepositoryName repository)
    {
        if (!state.RecordExists || state.State.Repository != repository)
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUploadUnknown);
        }
    }

    /// <summary>A sealed upload is being committed: its bytes must stay as they were verified.</summary>
    private void RequireOpen()
    {
        if (state.State.Sealed is not null)
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUploadInvalid, "the upload is being completed");
        }
    }

    private void RequireLease(Guid leaseId)
    {
        if (!state.RecordExists || _lease?.Id != leaseId)
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUploadInvalid, "the write lease was lost; the chunk was not accepted");
        }
    }

    private UploadStatus Status() => new(UploadId, state.State.Repository, state.State.Offset);

    private SealedUpload Sealed() => new(state.State.StorageToken, state.State.Offset);

    private sealed record Lease(Guid Id, DateTimeOffset ExpiresAt);
}

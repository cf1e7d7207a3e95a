using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansRegistry.Core.IO;

namespace OrleansRegistry.Grains.Persistence;

/// <summary>
/// Grain state as one JSON file per grain, for the embedded registry. Orleans ships no file-backed storage, and a
/// single-node registry needs its state to survive a restart with nothing else installed.
/// </summary>
/// <remarks>
/// Writes go to a temporary file, flushed to disk and then renamed over the old one, so a crash (of the process or of
/// the machine) leaves the old state or the new, never half of either. ETags guard against two activations writing
/// the same grain. Transient states (upload sessions) are not flushed, which saves a disk flush per chunk; a file of
/// theirs that a power loss left unreadable reads as no state.
/// </remarks>
public sealed class FileGrainStorage(string rootDirectory, IReadOnlySet<string>? transientStates = null) : IGrainStorage
{
    /// <summary>Longer escaped keys are hashed: file names are limited to 255 bytes.</summary>
    private const int MaxFileNameLength = 200;

    private static readonly JsonSerializerOptions SerializerOptions = new() { WriteIndented = false };

    private readonly string _root = Path.GetFullPath(rootDirectory);
    /// <summary>
    /// Serializes the check-then-replace of a file. Striped rather than one per file, so that memory stays flat
    /// however many states are written; two files sharing a stripe only wait for each other.
    /// </summary>
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The ETag on disk per file, as this process last read or wrote it; saves re-reading before a write.</summary>
    private readonly ConcurrentDictionary<string, string?> _etags = new();

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            NoState(path, grainState);
            return;
        }

        StoredState<T> stored;
        try
        {
            await using var file = File.OpenRead(path);
            stored = await JsonSerializer.DeserializeAsync<StoredState<T>>(file, SerializerOptions)
                ?? throw new InvalidDataException($"grain state file {path} is empty");
        }
        catch (JsonException) when (IsTransient(stateName))
        {
            File.Delete(path);
            NoState(path, grainState);
            return;
        }

        grainState.State = stored.State;
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
        _etags[path] = stored.ETag;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var gate = LockOf(path);
        await gate.WaitAsync();
        try
        {
            await CheckETagAsync(path, grainState.ETag);
            var etag = Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await AtomicFile.WriteAsync(
                path,
                (file, ct) => JsonSerializer.SerializeAsync(file, new StoredState<T>(etag, grainState.State!), SerializerOptions, ct),
                durable: !IsTransient(stateName),
                CancellationToken.None);
            _etags[path] = etag;
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var gate = LockOf(path);
        await gate.WaitAsync();
        try
        {
            await CheckETagAsync(path, grainState.ETag);
            File.Delete(path);
            _etags[path] = null;
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task CheckETagAsync(string path, string? expected)
    {
        if (!_etags.TryGetValue(path, out var current) && File.Exists(path))
        {
            await using var file = File.OpenRead(path);
            current = (await JsonSerializer.DeserializeAsync<StoredETag>(file, SerializerOptions))?.ETag;
        }

        if (current != expected)
        {
            throw new InconsistentStateException($"grain state {path} changed underneath this activation", current, expected);
        }
    }

    private void NoState<T>(string path, IGrainState<T> grainState)
    {
        grainState.ETag = null;
        grainState.RecordExists = false;
        // Not cached: most reads of missing state (sharded state probes sixteen shards) are never followed by a
        // write, and a write checks the disk once when nothing is cached.
        _etags.TryRemove(path, out _);
    }

    private bool IsTransient(string stateName) => transientStates?.Contains(stateName) == true;

    private SemaphoreSlim LockOf(string path) => _locks[(uint)StringComparer.Ordinal.GetHashCode(path) % (uint)_locks.Length];

    private string PathOf(string stateName, GrainId grainId)
    {
        var type = SafeName(grainId.Type.ToString()!);
        return Path.Combine(_root, SafeName(stateName), type, SafeName(grainId.Key.ToString()!) + ".json");
    }

    /// <summary>Keys hold '/' and ':' (repository names, digests); escaping keeps each key one file in one folder.</summary>
    private static string SafeName(string value)
    {
        var escaped = Uri.EscapeDataString(value);
        if (escaped.StartsWith('.'))
        {
            escaped = "%2E" + escaped[1..];
        }

        return escaped.Length <= MaxFileNameLength
            ? escaped
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    private sealed record StoredState<T>(string ETag, T State);

    private sealed record StoredETag(string ETag);
}

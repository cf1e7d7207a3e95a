using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// Users and bcrypt password hashes from an htpasswd file (<c>htpasswd -B</c>). The file is read again when it
/// changes; a verified password is remembered for a few minutes, so that a push does not cost a bcrypt per request.
/// </summary>
public sealed class HtpasswdFile
{
    private static readonly TimeSpan VerifiedLifetime = TimeSpan.FromMinutes(5);
    private const int MaxRemembered = 10_000;

    // Compared against when the user is unknown, so that unknown users take as long as wrong passwords.
    private static readonly string DummyHash = BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), 10);

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, (byte[] Fingerprint, DateTime Until)> _verified = new(StringComparer.Ordinal);
    private readonly byte[] _fingerprintKey = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _reloadLock = new();
    private volatile IReadOnlyDictionary<string, string> _entries;
    private DateTime _loadedWriteTime;

    public HtpasswdFile(string path, ILogger<HtpasswdFile> logger)
    {
        _path = path;
        _logger = logger;
        _loadedWriteTime = File.GetLastWriteTimeUtc(path);
        _entries = Parse(path, File.ReadAllLines(path));
    }

    public bool Verify(string user, string password)
    {
        ReloadIfChanged();
        var fingerprint = HMACSHA256.HashData(_fingerprintKey, Encoding.UTF8.GetBytes(user + "\0" + password));
        if (_verified.TryGetValue(user, out var known) && known.Until > DateTime.UtcNow
            && CryptographicOperations.FixedTimeEquals(known.Fingerprint, fingerprint))
        {
            return true;
        }

        var exists = _entries.TryGetValue(user, out var hash);
        bool valid;
        try
        {
            valid = BCrypt.Net.BCrypt.Verify(password, exists ? hash : DummyHash) && exists;
        }
        catch (BCrypt.Net.SaltParseException)
        {
            valid = false;
        }

        if (valid)
        {
            if (_verified.Count >= MaxRemembered)
            {
                _verified.Clear();
            }

            _verified[user] = (fingerprint, DateTime.UtcNow + VerifiedLifetime);
        }

        return valid;
    }

    /// <summary>
    /// A short value that changes when the user's password does, and null for an unknown user: a refresh token
    /// carries it, so that a changed password or a removed user ends the refresh tokens issued before. Every
    /// gateway computes the same value from the same file.
    /// </summary>
    public string? PasswordStamp(string user)
    {
        ReloadIfChanged();
        return _entries.TryGetValue(user, out var hash)
            ? Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(hash)).AsSpan(0, 16))
            : null;
    }

    /// <summary>Reads the users of an htpasswd file; only bcrypt entries are accepted, as CNCF Distribution does.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string path, IEnumerable<string> lines)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new InvalidOperationException($"{AuthOptions.Section}:HtpasswdFile '{path}' line {number} is not 'user:hash'.");
            }

            var hash = line[(colon + 1)..];
            if (!(hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) || hash.StartsWith("$2y$", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException(
                    $"{AuthOptions.Section}:HtpasswdFile '{path}' line {number}: the entry of '{line[..colon]}' is not bcrypt; write it with 'htpasswd -B'.");
            }

            entries[line[..colon]] = hash;
        }

        return entries;
    }

    private void ReloadIfChanged()
    {
        DateTime writeTime;
        try
        {
            writeTime = File.GetLastWriteTimeUtc(_path);
        }
        catch (IOException)
        {
            return;
        }

        if (writeTime == _loadedWriteTime)
        {
            return;
        }

        lock (_reloadLock)
        {
            if (writeTime == _loadedWriteTime)
            {
                return;
            }

            try
            {
                _entries = Parse(_path, File.ReadAllLines(_path));
                _verified.Clear();
                _logger.LogInformation("Reloaded {Count} users from {Path}", _entries.Count, _path);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Keeping the previous users: {Path} could not be read again: {Message}", _path, e.Message);
            }

            _loadedWriteTime = writeTime;
        }
    }
}

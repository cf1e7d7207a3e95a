using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// What someone running the built registry for the first time sees: a bad setting is one line and exit status 1,
/// a good start says where the registry listens and keeps its data, and what it does shows in its log.
/// </summary>
public sealed partial class FirstRunTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory(Timeout = 120_000)]
    [InlineData("--Registry:Storage:Kind=Bogus", "Registry:Storage:Kind is 'Bogus'; it must be one of: FileSystem, S3.")]
    [InlineData("--Registry:Uploads:IdleTimeout=1h", "Registry:Uploads:IdleTimeout is '1h'; it must be a time span such as 00:05:00 (hh:mm:ss) or 30.00:00:00 (d.hh:mm:ss).")]
    [InlineData("--Registry:Auth:Kind=Ldap", "Registry:Auth:Kind is 'Ldap'; it must be one of: None, Htpasswd, Token.")]
    [InlineData("--Registry:Api:MaxPageSize=0", "Registry:Api:MaxPageSize is 0; it must be at least 1.")]
    public async Task A_bad_setting_stops_the_registry_with_one_line_naming_it_and_exit_status_1(string setting, string problem)
    {
        using var work = new TemporaryDirectory("e2e-bad-setting");

        var result = await Cli.TryRunAsync("dotnet",
            [RepositoryRoot.BuiltHost("Embedded"), "--urls", "http://127.0.0.1:0", $"--Registry:DataDirectory={work.Combine("data")}", setting],
            workingDirectory: work.Path, timeout: Patience);

        output.WriteLine(result.Describe());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Bad setting: {problem}\n", result.StandardError);
        Assert.DoesNotContain("Exception", result.StandardOutput);
    }

    [Fact(Timeout = 180_000)]
    public async Task At_start_the_registry_logs_one_line_with_its_mode_address_absolute_data_directory_storage_and_auth()
    {
        using var work = new TemporaryDirectory("e2e-first-run");
        var logPath = work.Combine("registry.log");
        // Port 0 and a relative data directory: the line must show the port the OS gave and where "data" really is.
        await using var registry = new ChildProcess("embedded", ToolLocator.Require("dotnet"),
            [RepositoryRoot.BuiltHost("Embedded"), "--urls", "http://127.0.0.1:0", "--Registry:DataDirectory=data"],
            new Dictionary<string, string>(), logPath);
        try
        {
            registry.Start();
            var line = await WaitForLogAsync(registry, logPath, "OrleansRegistry embedded: ");

            var data = work.Combine("data");
            Assert.Contains($"; data in {data} (blobs: FileSystem at {Path.Combine(data, "storage")}; grain state: {Path.Combine(data, "grains")}); auth None; SHA-256 by OpenSSL (libcrypto.so", line);
            var url = ListeningOn().Match(line);
            Assert.True(url.Success, line);
            Assert.NotEqual("0", url.Groups["port"].Value);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url.Groups["url"].Value}/v2/")).StatusCode);

            var log = ReadLog(logPath);
            Assert.Matches(TimestampedHeader("OrleansRegistry.Embedded"), log);
            Assert.Single(log.Split('\n'), l => l.Contains("OrleansRegistry embedded: ", StringComparison.Ordinal));
            // Orleans' watchdog and GC notes are not news to someone starting a registry.
            Assert.DoesNotContain(" warn: ", log);
            Assert.DoesNotContain(" fail: ", log);
        }
        finally
        {
            output.WriteLine(registry.LogTail());
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_push_and_a_delete_show_in_the_log_by_default()
    {
        await using var registry = new RegistryProcess();
        try
        {
            await registry.StartAsync();
            using var http = registry.CreateHttpClient();
            var config = "{}"u8.ToArray();
            var configDigest = Digest.Sha256(config);
            var upload = await http.PostAsync("v2/e2e/first-run/blobs/uploads/", null);
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
            var location = upload.Headers.Location!.ToString();
            using var blob = new ByteArrayContent(config);
            blob.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            Assert.Equal(HttpStatusCode.Created, (await http.PutAsync($"{location}{(location.Contains('?') ? '&' : '?')}digest={configDigest}", blob)).StatusCode);

            var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{configDigest}}","size":2},"layers":[]}""";
            using var manifestContent = new StringContent(manifest);
            manifestContent.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
            Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("v2/e2e/first-run/manifests/v1", manifestContent)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync("v2/e2e/first-run/manifests/v1")).StatusCode);

            await WaitForLogAsync(null, registry.LogPath, $"completed {configDigest} (2 bytes) in e2e/first-run");
            await WaitForLogAsync(null, registry.LogPath, $"Manifest {Digest.Sha256(manifest)} (application/vnd.oci.image.manifest.v1+json, {manifest.Length} bytes) pushed to e2e/first-run as v1");
            await WaitForLogAsync(null, registry.LogPath, "Tag v1 deleted from e2e/first-run");
        }
        finally
        {
            output.WriteLine(registry.LogTail());
        }
    }

    /// <summary>The first log line containing <paramref name="text"/>, waiting for the registry to write it.</summary>
    private static async Task<string> WaitForLogAsync(ChildProcess? process, string logPath, string text)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            process?.ThrowIfExited();
            if (ReadLog(logPath).Split('\n').FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"No line with '{text}' in {logPath} within {Patience.TotalSeconds:0} s.");
            }

            await Task.Delay(200);
        }
    }

    private static string ReadLog(string path)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The console log's header line: an ISO-8601 UTC timestamp, the level and the category.</summary>
    private static Regex TimestampedHeader(string category) =>
        new($@"(?m)^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z info: {Regex.Escape(category)}\[1\]$");

    [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:(?<port>\d+));")]
    private static partial Regex ListeningOn();
}

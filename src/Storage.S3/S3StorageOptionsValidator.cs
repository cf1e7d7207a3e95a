using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OrleansRegistry.Storage.S3;

/// <summary>Checks <c>Registry:Storage:S3</c> at start.</summary>
internal sealed partial class S3StorageOptionsValidator : IValidateOptions<S3StorageOptions>
{
    private const string Section = S3StorageOptions.Section;

    public ValidateOptionsResult Validate(string? name, S3StorageOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (!BucketName().IsMatch(options.Bucket ?? ""))
        {
            failures.AddError($"{Section}:Bucket is '{options.Bucket}'; it must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens.");
        }

        if (options.PartSize < S3Limits.MinPartSize)
        {
            failures.AddError($"{Section}:PartSize is {options.PartSize}; it must be at least {S3Limits.MinPartSize}, as S3 requires.");
        }

        if (options.ServiceUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            failures.AddError($"{Section}:ServiceUrl is '{url}'; it must be an absolute URL, e.g. http://minio:9000.");
        }

        if (options.RedirectDownloads && options.RedirectExpiry <= TimeSpan.Zero)
        {
            failures.AddError($"{Section}:RedirectExpiry is {options.RedirectExpiry}; it must be positive.");
        }

        if (string.IsNullOrEmpty(options.AccessKey) != string.IsNullOrEmpty(options.SecretKey))
        {
            failures.AddError($"{Section}:AccessKey and {Section}:SecretKey must be set together, or neither (the AWS SDK's credentials).");
        }

        return failures.Build();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OrleansRegistry.ServiceDefaults;

/// <summary>
/// Turns a failure caused by a bad setting into the one line an operator reads: the full setting, the bad value and
/// what is allowed. Validators word their own failures so; a value the configuration binder could not convert (an
/// enum or time-span typo) is worded here from the binder's message.
/// </summary>
internal static partial class SettingFailure
{
    /// <summary>The line for a bad setting, or null when <paramref name="exception"/> is about something else.</summary>
    public static string? Describe(Exception exception)
    {
        var problems = Causes(exception).Select(Problem).OfType<string>().Distinct().ToList();
        return problems.Count == 0 ? null : "Bad setting: " + LineBreaks().Replace(string.Join(" ", problems), " ").Trim();
    }

    private static string? Problem(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        InvalidOperationException when BinderFailure().Match(exception.Message) is { Success: true } match =>
            $"{match.Groups["path"].Value} is '{match.Groups["value"].Value}'; it must be {Expectation(match.Groups["type"].Value)}.",
        _ => null,
    };

    /// <summary>The exception and what it wraps: the binder's failure sits under the exception that reports it.</summary>
    private static IEnumerable<Exception> Causes(Exception exception)
    {
        if (exception is AggregateException aggregate)
        {
            return aggregate.InnerExceptions.SelectMany(Causes);
        }

        var problem = Problem(exception);
        return problem is not null || exception.InnerException is null ? [exception] : Causes(exception.InnerException);
    }

    private static string Expectation(string typeName)
    {
        var type = FindType(typeName);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => $"a value of type {typeName}",
            { IsEnum: true } => $"one of: {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(TimeSpan) => "a time span such as 00:05:00 (hh:mm:ss) or 30.00:00:00 (d.hh:mm:ss)",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type == typeof(Uri) => "a URL",
            _ => $"a value of type {type.Name}",
        };
    }

    /// <summary>The binder names the type by its full name, without its assembly: the type is in one already loaded.</summary>
    private static Type? FindType(string name) =>
        Type.GetType(name) ?? AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetType(name)).FirstOrDefault(type => type is not null);

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex LineBreaks();

    /// <summary>Microsoft.Extensions.Configuration.Binder's message for a value it cannot convert.</summary>
    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']*)' to type '(?<type>[^']*)'\.", RegexOptions.Singleline)]
    private static partial Regex BinderFailure();
}

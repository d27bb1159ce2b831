using System.Management.Automation;
using System.Security.Cryptography;
using CodeSignPS.Core;
using CodeSignPS.Core.Pipeline;

namespace CodeSignPS;

/// <summary>Error records whose texts are safe for a pipeline job's log.</summary>
internal static partial class ErrorRecordFactory
{
    /// <summary>
    /// The record itself when its message, details and target name are safe for a job log (see
    /// <see cref="JobLogText"/>); otherwise a copy with the same id, category and target object whose
    /// texts are made safe. The exception is replaced by one of the same type with the safe message
    /// and the original as its inner exception, because scripts and the error view read
    /// <c>Exception.Message</c>; an exception of another type is kept and the safe message goes into
    /// the record's ErrorDetails, which the error view shows instead.
    /// </summary>
    public static ErrorRecord ForJobLog(ErrorRecord record)
    {
        string message = record.Exception.Message;
        string? targetName = record.CategoryInfo.TargetName;
        ErrorDetails? details = record.ErrorDetails;
        if (JobLogText.IsSafe(message) && JobLogText.IsSafe(targetName) && (details is null || (JobLogText.IsSafe(details.Message) && JobLogText.IsSafe(details.RecommendedAction))))
        {
            return record;
        }

        string safeMessage = JobLogText.MakeSafe(message);
        Exception? replacement = JobLogText.IsSafe(message) ? record.Exception : WithMessage(record.Exception, safeMessage);
        var safe = new ErrorRecord(replacement ?? record.Exception, record.FullyQualifiedErrorId, record.CategoryInfo.Category, record.TargetObject);
        if (details is not null)
        {
            safe.ErrorDetails = new ErrorDetails(JobLogText.MakeSafe(details.Message)) { RecommendedAction = JobLogText.MakeSafe(details.RecommendedAction) };
        }
        else if (replacement is null)
        {
            safe.ErrorDetails = new ErrorDetails(safeMessage);
        }

        if (!string.IsNullOrEmpty(targetName))
        {
            safe.CategoryInfo.TargetName = JobLogText.MakeSafe(targetName);
        }

        return safe;
    }

    /// <summary>A new exception of the same type with <paramref name="message"/>; null for a type not listed.</summary>
    private static Exception? WithMessage(Exception exception, string message)
    {
        Type type = exception.GetType();
        return exception switch
        {
            CodeSignException codeSign when type == typeof(CodeSignException) =>
                new CodeSignException(codeSign.ErrorId, codeSign.Category, message, codeSign.Target, codeSign),
            FileNotFoundException notFound when type == typeof(FileNotFoundException) => new FileNotFoundException(message, notFound.FileName, notFound),
            _ when type == typeof(DirectoryNotFoundException) => new DirectoryNotFoundException(message, exception),
            _ when type == typeof(IOException) => new IOException(message, exception),
            _ when type == typeof(UnauthorizedAccessException) => new UnauthorizedAccessException(message, exception),
            _ when type == typeof(CryptographicException) => new CryptographicException(message, exception),
            _ when type == typeof(InvalidOperationException) => new InvalidOperationException(message, exception),
            _ => null,
        };
    }
}

using System.Management.Automation;
using System.Security.Cryptography;
using CodeSignPS.Core;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Pipeline;

namespace CodeSignPS;

/// <summary>
/// Turns exceptions from the core and from file I/O into ErrorRecords with a stable id, the most
/// specific category and the failing path or key as target. Every cmdlet goes through here, so one
/// failure gets the same id whichever cmdlet hit it.
/// </summary>
internal static partial class ErrorRecordFactory
{
    /// <summary>Builds the record for a failure the core described itself.</summary>
    public static ErrorRecord FromCodeSignException(CodeSignException exception) =>
        ForJobLog(new ErrorRecord(exception, exception.ErrorId, ToErrorCategory(exception.Category), exception.Target));

    /// <summary>Builds a record for a failure of this module that is not an exception of the core.</summary>
    public static ErrorRecord Create(string errorId, FailureCategory category, string message, object? target) =>
        FromCodeSignException(new CodeSignException(errorId, category, message, target?.ToString()));

    /// <summary>
    /// Builds the record for a failure on <paramref name="path"/> when the exception has a type with a
    /// documented id. Unknown types return false, so that a bug surfaces as such
    /// instead of being reported as an ordinary per-file error.
    /// </summary>
    public static bool TryCreateForFile(Exception exception, string path, FileAccessKind access, out ErrorRecord record)
    {
        ErrorRecord? created = exception switch
        {
            CodeSignException codeSign => FromCodeSignException(codeSign),
            FileNotFoundException or DirectoryNotFoundException =>
                new ErrorRecord(exception, "PathNotFound", ErrorCategory.ObjectNotFound, path),
            IOException when access == FileAccessKind.Read =>
                new ErrorRecord(exception, "FileReadFailed", ErrorCategory.ReadError, path),
            IOException =>
                new ErrorRecord(exception, "FileWriteFailed", ErrorCategory.WriteError, path),
            UnauthorizedAccessException =>
                new ErrorRecord(exception, "PermissionDenied", ErrorCategory.PermissionDenied, path),
            CryptographicException =>
                new ErrorRecord(exception, "SigningFailed", ErrorCategory.SecurityError, path),
            _ => null,
        };

        record = created is null ? null! : ForJobLog(created);
        return created is not null;
    }

    /// <summary>Maps the core's failure kinds one to one onto PowerShell's error categories.</summary>
    public static ErrorCategory ToErrorCategory(FailureCategory category) => category switch
    {
        FailureCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureCategory.InvalidData => ErrorCategory.InvalidData,
        FailureCategory.InvalidOperation => ErrorCategory.InvalidOperation,
        FailureCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        FailureCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        FailureCategory.NotImplemented => ErrorCategory.NotImplemented,
        FailureCategory.SecurityError => ErrorCategory.SecurityError,
        FailureCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        FailureCategory.OperationTimeout => ErrorCategory.OperationTimeout,
        FailureCategory.ReadError => ErrorCategory.ReadError,
        FailureCategory.WriteError => ErrorCategory.WriteError,
        FailureCategory.NotSpecified => ErrorCategory.NotSpecified,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "No PowerShell error category is mapped to this failure category."),
    };
}
